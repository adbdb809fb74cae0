package io.mlcycle.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlcycle.common.dataset.source.FileSource;
import io.mlcycle.common.dataset.source.FileSource.Format;
import io.mlcycle.platform.SparkTestSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File sources into bronze on real Spark and Delta: CSV options, JSON lines, Parquet, folders and globs, reruns. */
class FileIngesterTest {
    private static SparkSession spark;

    @TempDir
    Path work;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(FileIngesterTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void readsCsvWithItsOwnDelimiterQuoteNullMarkerAndEncodingKeepingMalformedLines() throws Exception {
        Path landing = Files.createDirectories(work.resolve("landing"));
        Files.write(landing.resolve("a.csv"), String.join("\n",
                "id;name;amount",
                "1;'Müller; Jörg';10.5",
                "2;NA;7",
                "3;'Zoë';NA",
                "4;too;many;fields",
                "5;short") .getBytes(StandardCharsets.ISO_8859_1));
        // the same columns in another order: the header names them
        Files.write(landing.resolve("b.csv"), "amount;id;name\n8.25;6;Åsa\n".getBytes(StandardCharsets.ISO_8859_1));
        FileSource source = new FileSource("people", Format.CSV, landing.toString(), true, ";", "'", "\\", "NA", "ISO-8859-1");

        IngestResult result = new FileIngester(source, IngestFixtures.COLUMNS).ingest(spark, bronze(), "run-1");

        assertThat(result.rows()).isEqualTo(6);
        assertThat(result.files()).hasSize(2).allSatisfy(file -> assertThat(file).startsWith("file:/").endsWith(".csv"));
        assertThat(result.bronzeVersion()).isZero();
        Dataset<Row> bronze = table(bronze());
        assertThat(bronze.columns()).startsWith("id", "name", "amount", BronzeColumns.CORRUPT_RECORD)
                .contains(BronzeColumns.SOURCE, BronzeColumns.ORIGIN, BronzeColumns.INGESTED_AT, BronzeColumns.INGEST_RUN,
                        BronzeColumns.FILE_SIZE, BronzeColumns.FILE_MODIFIED_AT);
        assertThat(rows(bronze.filter("_corrupt_record is null").orderBy("id"), "id", "name", "amount")).containsExactly(
                "1|Müller; Jörg|10.5", "2|null|7", "3|Zoë|null", "6|Åsa|8.25");
        assertThat(rows(bronze.filter("_corrupt_record is not null").orderBy("_corrupt_record"), BronzeColumns.CORRUPT_RECORD))
                .containsExactly("4;too;many;fields", "5;short");
        assertThat(rows(bronze.select(BronzeColumns.SOURCE, BronzeColumns.INGEST_RUN).distinct(), BronzeColumns.SOURCE, BronzeColumns.INGEST_RUN))
                .containsExactly("people|run-1");
        assertThat(bronze.filter("id = '6'").head().<String>getAs(BronzeColumns.ORIGIN)).isEqualTo(landing.resolve("b.csv").toUri().toString()
                .replace("file:///", "file:/"));
    }

    @Test
    void takesTheColumnsOfAHeaderlessCsvInSchemaOrder() throws Exception {
        Path file = Files.writeString(work.resolve("plain.csv"), "1,Ann,3.5\n2,\"Bo, Jr\",\n");
        FileSource source = new FileSource("plain", Format.CSV, file.toString(), false, ",", "\"", "\\", "", "UTF-8");

        IngestResult result = new FileIngester(source, IngestFixtures.COLUMNS).ingest(spark, bronze(), "run-1");

        assertThat(result.rows()).isEqualTo(2);
        assertThat(rows(table(bronze()).orderBy("id"), "id", "name", "amount", BronzeColumns.CORRUPT_RECORD))
                .containsExactly("1|Ann|3.5|null", "2|Bo, Jr|null|null");
    }

    @Test
    void readsJsonLinesAsTextKeepingBrokenLines() throws Exception {
        Path landing = Files.createDirectories(work.resolve("json"));
        Files.writeString(landing.resolve("part-1.jsonl"), String.join("\n",
                "{\"id\":\"1\",\"name\":\"a\",\"amount\":1.5}",
                "{\"id\":2,\"name\":\"b\",\"extra\":true}",
                "{\"id\":\"3\",\"name\":",
                "not json at all") + "\n");
        FileSource source = IngestFixtures.files("events", Format.JSON, landing);

        IngestResult result = new FileIngester(source, IngestFixtures.COLUMNS).ingest(spark, bronze(), "run-1");

        assertThat(result.rows()).isEqualTo(4);
        Dataset<Row> bronze = table(bronze());
        assertThat(rows(bronze.filter("_corrupt_record is null").orderBy("id"), "id", "name", "amount"))
                .containsExactly("1|a|1.5", "2|b|null");
        assertThat(rows(bronze.filter("_corrupt_record is not null").orderBy("_corrupt_record"), BronzeColumns.CORRUPT_RECORD))
                .containsExactly("not json at all", "{\"id\":\"3\",\"name\":");
    }

    @Test
    void keepsParquetTypesAndSkipsHiddenFiles() {
        StructType schema = new StructType().add("id", DataTypes.StringType).add("amount", DataTypes.DoubleType);
        Path landing = work.resolve("parquet");
        spark.createDataFrame(List.of(RowFactory.create("p1", 1.25), RowFactory.create("p2", 2.5)), schema).coalesce(1)
                .write().parquet(landing.toString());

        IngestResult result = new FileIngester(IngestFixtures.files("pq", Format.PARQUET, landing), IngestFixtures.COLUMNS)
                .ingest(spark, bronze(), "run-1");

        assertThat(result.files()).as("one part file; _SUCCESS and .crc files are hidden").hasSize(1);
        Dataset<Row> bronze = table(bronze());
        assertThat(bronze.schema().apply("amount").dataType()).isEqualTo(DataTypes.DoubleType);
        assertThat(rows(bronze.orderBy("id"), "id", "amount", BronzeColumns.CORRUPT_RECORD)).containsExactly("p1|1.25|null", "p2|2.5|null");
    }

    @Test
    void readsTheFilesAGlobMatchesAndFoldersWithTheirSubfolders() throws Exception {
        Path landing = Files.createDirectories(work.resolve("glob").resolve("sub"));
        Files.writeString(work.resolve("glob").resolve("2026-01.csv"), "id,name,amount\n1,a,1\n");
        Files.writeString(work.resolve("glob").resolve("2025-12.csv"), "id,name,amount\n2,b,2\n");
        Files.writeString(landing.resolve("2026-02.csv"), "id,name,amount\n3,c,3\n4,d,4\n");

        IngestResult glob = new FileIngester(IngestFixtures.csv("glob", work.resolve("glob").resolve("2026-*.csv")), IngestFixtures.COLUMNS)
                .ingest(spark, bronze(), "run-1");
        assertThat(glob.files()).hasSize(1).allSatisfy(file -> assertThat(file).endsWith("/glob/2026-01.csv"));
        assertThat(glob.rows()).isEqualTo(1);

        IngestResult folder = new FileIngester(IngestFixtures.csv("folder", work.resolve("glob")), IngestFixtures.COLUMNS)
                .ingest(spark, work.resolve("lake/bronze/folder").toString(), "run-1");
        assertThat(folder.files()).hasSize(3);
        assertThat(folder.rows()).isEqualTo(4);
    }

    @Test
    void aRerunAddsNothingAndALaterRunReadsOnlyNewOrRewrittenFiles() throws Exception {
        Path landing = Files.createDirectories(work.resolve("landing"));
        Path first = Files.writeString(landing.resolve("day 1.csv"), "id,name,amount\n1,a,1\n2,b,2\n");
        FileIngester ingester = new FileIngester(IngestFixtures.csv("daily", landing), IngestFixtures.COLUMNS);

        assertThat(ingester.ingest(spark, bronze(), "run-1").rows()).isEqualTo(2);
        IngestResult rerun = ingester.ingest(spark, bronze(), "run-2");
        assertThat(rerun.rows()).isZero();
        assertThat(rerun.files()).isEmpty();
        assertThat(rerun.bronzeVersion()).isNull();

        Files.writeString(landing.resolve("day 2.csv"), "id,name,amount\n3,c,3\n");
        IngestResult second = ingester.ingest(spark, bronze(), "run-3");
        assertThat(second.files()).hasSize(1).allSatisfy(file -> assertThat(file).endsWith("day%202.csv"));
        assertThat(second.rows()).isEqualTo(1);
        assertThat(second.bronzeVersion()).isEqualTo(1L);

        // day 1 rewritten in place: a correction with another size and modification time is read again, in full
        Files.writeString(first, "id,name,amount\n1,a,1\n2,b,20\n9,z,9\n");
        Files.setLastModifiedTime(first, FileTime.from(Instant.now().plusSeconds(60)));
        IngestResult rewritten = ingester.ingest(spark, bronze(), "run-4");
        assertThat(rewritten.files()).hasSize(1).allSatisfy(file -> assertThat(file).endsWith("day%201.csv"));
        assertThat(rewritten.rows()).isEqualTo(3);
        assertThat(table(bronze()).count()).isEqualTo(2 + 1 + 3);
        assertThat(ingester.ingest(spark, bronze(), "run-5").rows()).isZero();
    }

    private String bronze() {
        return work.resolve("lake/bronze/source").toString();
    }

    private static Dataset<Row> table(String path) {
        return spark.read().format("delta").load(path);
    }

    private static List<String> rows(Dataset<Row> rows, String... columns) {
        List<String> lines = new ArrayList<>();
        for (Row row : rows.selectExpr(columns).collectAsList()) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                values.add(String.valueOf(row.get(i)));
            }
            lines.add(String.join("|", values));
        }
        return lines;
    }
}
