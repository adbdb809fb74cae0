package io.mlcycle.jobs.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.typesafe.config.ConfigFactory;
import io.delta.tables.DeltaTable;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.quality.QualityColumns;
import io.mlcycle.common.quality.QualityReport;
import io.mlcycle.jobs.ingest.BronzeColumns;
import io.mlcycle.platform.SparkTestSession;
import io.mlcycle.platform.delta.DeltaTables;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The silver job on a hand-written bronze fixture: one row per rule and per correction, a cast failure, a malformed
 * record, duplicates, and a second source with a native double column. Every expected value is worked out by hand
 * in the comments.
 */
class SilverJobTest {
    private static final String DATASET = """
            mlcycle.work-dir = "/tmp/unused"
            mlcycle.dataset {
              name = fixture
              task = binary
              id-column = id
              entity-column = customer
              time-column = event_time
              label-column = label
              positive-label = "yes"
              schema = [
                { name = id, type = string, nullable = false }
                { name = customer, type = string }
                { name = event_time, type = timestamp, nullable = false }
                { name = start_date, type = date }
                { name = end_date, type = date }
                { name = age, type = double }
                { name = amount, type = double }
                { name = score, type = integer }
                { name = channel, type = string }
                { name = region, type = string }
                { name = code, type = string }
                { name = phone, type = string }
                { name = income, type = double }
                { name = label, type = string, nullable = false }
              ]
              sources = [
                { name = apps, type = files, format = csv, path = "landing/apps" }
                { name = partner, type = files, format = parquet, path = "landing/partner" }
              ]
              missing-values = [ { column = income, strategy = drop } ]
              quality {
                max-rejected-share = 0.7
                rules = [
                  { type = not-null, column = phone }
                  { type = range, column = age, min = 18, max = 100 }
                  { type = allowed-values, column = channel, values = [web, branch] }
                  { type = regex, column = code, pattern = "[A-Z]{2}[0-9]{3}" }
                  { type = unique-key, columns = [customer, event_time] }
                  { type = comparison, left = end_date, op = ">=", right = start_date }
                ]
                corrections = [
                  { type = trim, column = channel }
                  { type = lower, column = channel }
                  { type = upper, column = code }
                  { type = map, column = region, values { N = north, S = south } }
                  { type = scale, column = amount, factor = 0.01 }
                  { type = clip, column = score, min = 300, max = 850 }
                ]
              }
              features { numeric = [age, amount], categorical = [channel] }
            }
            """;
    private static final List<String> RAW_COLUMNS = List.of("id", "customer", "event_time", "start_date", "end_date", "age", "amount", "score",
            "channel", "region", "code", "phone", "income", "label");
    private static final Timestamp T1 = Timestamp.valueOf("2026-02-01 10:00:00");
    private static final Timestamp T2 = Timestamp.valueOf("2026-02-02 10:00:00");

    private static SparkSession spark;

    @TempDir
    Path lakeDir;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(SilverJobTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void bronzeMetadataNamesMatchTheOnesTheTransformationsUse() {
        assertThat(List.of(QualityColumns.SOURCE, QualityColumns.ORIGIN, QualityColumns.INGESTED_AT, QualityColumns.INGEST_RUN,
                QualityColumns.CORRUPT_RECORD)).containsExactlyElementsOf(BronzeColumns.ALL);
    }

    @Test
    void writesValidRowsToSilverAndEveryRejectedRowWithItsRulesToQuarantine() {
        LakeSettings lake = lake();
        writeBronze(lake);

        QualityReport report = new SilverJob(spark, lake, spec(0.7)).runOnce();

        // 20 rows read (19 apps + 1 partner); duplicates A13 and A14 (older copies) 2; rejected 12 (A3..A11, malformed, A15, A17);
        // silver 20 - 2 - 12 = 6; share 12 / (20 - 2) = 0.6667.
        assertThat(report.rowsRead()).isEqualTo(20);
        assertThat(report.duplicateRows()).isEqualTo(2);
        assertThat(report.rejectedRows()).isEqualTo(12);
        assertThat(report.silverRows()).isEqualTo(6);
        assertThat(report.rejectedShare()).isEqualTo(12.0 / 18.0);
        assertThat(report.ruleCounts()).containsExactly(
                entry("allowed-values:channel", 2L), entry("cast:age", 1L), entry("comparison:end_date>=start_date", 1L), entry("duplicate-id", 2L),
                entry("malformed", 1L), entry("missing:income", 1L), entry("not-null:phone", 1L), entry("not-nullable:event_time", 1L),
                entry("not-nullable:label", 1L), entry("range:age", 2L), entry("regex:code", 1L), entry("unique-key:customer,event_time", 1L));
        // A1 " Web " trim -> "Web" lower -> "web"; A1 region "N" map -> "north"; A6 code "ab12" upper -> "AB12" (still no match);
        // every non-malformed amount (19) scaled; A2 score 900 clipped to 850 (the malformed row's missing score stays missing).
        assertThat(report.correctionCounts()).containsExactly(entry("clip:score", 1L), entry("lower:channel", 1L), entry("map:region", 1L),
                entry("scale:amount", 19L), entry("trim:channel", 1L), entry("upper:code", 1L));

        List<Row> silver = DeltaTables.read(spark, lake.silverTable(), DeltaTables.latestVersion(spark, lake.silverTable())).orderBy("id").collectAsList();
        assertThat(silver).extracting(r -> r.getString(0)).containsExactly("A1", "A13", "A14", "A16", "A18", "A2");
        Row a1 = silver.get(0);
        assertThat(a1.<String>getAs("channel")).isEqualTo("web");
        assertThat(a1.<String>getAs("region")).isEqualTo("north");
        assertThat(a1.<Double>getAs("amount")).isEqualTo(10.0);
        assertThat(a1.<Integer>getAs("label")).isEqualTo(1);
        assertThat(a1.<Timestamp>getAs("event_time")).isEqualTo(Timestamp.valueOf("2026-01-01 00:00:00"));
        assertThat(a1.<Object>getAs("start_date").toString()).isEqualTo("2026-01-01");
        assertThat(silver.get(1).<Double>getAs("amount")).as("A13: the later event (amount 2000) is kept").isEqualTo(20.0);
        assertThat(silver.get(2).<Timestamp>getAs("_ingested_at")).as("A14: same event time, the later ingestion is kept").isEqualTo(T2);
        assertThat(silver.get(4).<Double>getAs("age")).as("A18 from the partner source's native double").isEqualTo(45.0);
        assertThat(silver.get(4).<String>getAs("_source")).isEqualTo("partner");
        assertThat(silver.get(5).<Integer>getAs("score")).isEqualTo(850);
        assertThat(silver.get(5).<Integer>getAs("label")).isEqualTo(0);
        StructType silverSchema = spark.read().format("delta").load(lake.silverTable()).schema();
        assertThat(silverSchema.fieldNames()).containsExactly("id", "customer", "event_time", "start_date", "end_date", "age", "amount", "score",
                "channel", "region", "code", "phone", "income", "label", "_source", "_origin", "_ingested_at", "_ingest_run_id");
        assertThat(silverSchema.apply("score").dataType()).isEqualTo(DataTypes.IntegerType);
        assertThat(silverSchema.apply("start_date").dataType()).isEqualTo(DataTypes.DateType);

        Map<String, List<String>> reasons = quarantineReasons(lake);
        assertThat(reasons).containsEntry("A3", List.of("cast:age: age = 'n/a' is not a valid double"))
                .containsEntry("A4", List.of("range:age: age = -7 is below the minimum 18"))
                .containsEntry("A5", List.of("allowed-values:channel: channel = 'fax' is not one of [web, branch]"))
                .containsEntry("A6", List.of("regex:code: code = 'AB12' does not match the pattern [A-Z]{2}[0-9]{3}"))
                .containsEntry("A7", List.of("comparison:end_date>=start_date: end_date = 2025-12-01 is not >= start_date = 2026-01-01"))
                .containsEntry("A8", List.of("not-null:phone: phone is missing"))
                .containsEntry("A9", List.of("missing:income: income is missing (missing-values strategy = drop)"))
                .containsEntry("A10", List.of("not-nullable:event_time: event_time is missing, but the schema says nullable = false"))
                .containsEntry("A11", List.of("not-nullable:label: label is missing, but the schema says nullable = false"))
                .containsEntry("A13", List.of("duplicate-id: id = 'A13' occurs more than once; the latest record is kept (from apps.csv:14)"))
                .containsEntry("A14", List.of("duplicate-id: id = 'A14' occurs more than once; the latest record is kept (from apps.csv:16)"))
                .containsEntry("A15", List.of("unique-key:customer,event_time: key (customer, event_time) = ('C15', 2026-01-15 00:00:00) repeats; "
                        + "the latest record with this key is kept (id = 'A16')"))
                .containsEntry("A17", List.of("range:age: age = -7 is below the minimum 18", "allowed-values:channel: channel = 'fax' is not one of [web, branch]"))
                .containsEntry("(malformed)", List.of("malformed: the source could not split the record into columns: A12,\"broken"))
                .hasSize(14);
        Row a3 = spark.read().format("delta").load(lake.quarantineTable()).filter("raw['id'] = 'A3'").head();
        assertThat(a3.getJavaMap(a3.fieldIndex("raw"))).containsEntry("age", "n/a").containsEntry("channel", "web").doesNotContainKey("phone2");
        assertThat(a3.<String>getAs("_source")).isEqualTo("apps");
        assertThat(a3.<String>getAs("_origin")).isEqualTo("apps.csv:3");
        assertThat(a3.<String>getAs("_ingest_run_id")).isEqualTo("ingest-1");
        String metadata = DeltaTable.forPath(spark, lake.silverTable()).history(1).select("userMetadata").head().getString(0);
        assertThat(metadata).contains("\"job\":\"silver\"", "\"version\":0", lake.bronzeTable("apps"), lake.bronzeTable("partner"),
                "\"rejected_rows\":12", "\"range:age\":2");
    }

    @Test
    void failsAboveTheRejectedShareWritingNothingToSilverButTheQuarantineRows() {
        LakeSettings lake = lake();
        writeBronze(lake);

        assertThatThrownBy(() -> new SilverJob(spark, lake, spec(0.5)).runOnce())
                .isInstanceOf(RejectedShareExceededException.class)
                .hasMessageContaining("Cannot write silver: 12 of 18 records (66.67%) were rejected, above mlcycle.dataset.quality.max-rejected-share = 0.5")
                .hasMessageContaining("range:age 2")
                .hasMessageContaining("Nothing was written to silver")
                .hasMessageContaining("-Dmlcycle.dataset.quality.max-rejected-share=0.67");
        assertThat(DeltaTables.exists(spark, lake.silverTable())).isFalse();
        assertThat(spark.read().format("delta").load(lake.quarantineTable()).count()).isEqualTo(14);
    }

    @Test
    void aRerunOnTheSameBronzeWritesTheSameSilverAndTheSameCounts() {
        LakeSettings lake = lake();
        writeBronze(lake);
        SilverJob job = new SilverJob(spark, lake, spec(0.7));

        QualityReport first = job.runOnce();
        List<Row> firstSilver = spark.read().format("delta").load(lake.silverTable()).orderBy("id").collectAsList();
        QualityReport second = job.runOnce();
        List<Row> secondSilver = spark.read().format("delta").load(lake.silverTable()).orderBy("id").collectAsList();

        assertThat(second).isEqualTo(first);
        assertThat(secondSilver).isEqualTo(firstSilver);
        List<Row> perRun = spark.read().format("delta").load(lake.quarantineTable()).groupBy("silver_run_id").count().collectAsList();
        assertThat(perRun).extracting(r -> r.getLong(1)).containsExactly(14L);
        assertThat(spark.read().format("delta").option("versionAsOf", 0).load(lake.quarantineTable()).count()).isEqualTo(14);
    }

    private static DatasetSpec spec(double maxRejectedShare) {
        ConfigReader reader = new ConfigReader(ConfigFactory.parseString(DATASET + "mlcycle.dataset.quality.max-rejected-share = " + maxRejectedShare).resolve());
        DatasetSpec spec = DatasetSpec.read(reader);
        reader.throwIfInvalid();
        return spec;
    }

    private LakeSettings lake() {
        String root = lakeDir.toAbsolutePath().toString();
        return new LakeSettings(root + "/bronze", root + "/silver/rows", root + "/silver/quarantine", root + "/features",
                root + "/p", root + "/d", root + "/dm", root + "/a", root + "/dc", root + "/log");
    }

    private static Map<String, List<String>> quarantineReasons(LakeSettings lake) {
        Map<String, List<String>> reasons = new TreeMap<>();
        for (Row row : spark.read().format("delta").load(lake.quarantineTable()).collectAsList()) {
            Map<String, String> raw = row.getJavaMap(row.fieldIndex("raw"));
            List<String> texts = new ArrayList<>();
            for (Row violation : row.<Row>getList(row.fieldIndex("violations"))) {
                texts.add(violation.getString(0) + ": " + violation.getString(1));
            }
            reasons.put(raw.getOrDefault("id", "(malformed)"), texts);
        }
        return reasons;
    }

    /** The apps source (CSV-like text) and the partner source (a native double age, no code column). */
    private static void writeBronze(LakeSettings lake) {
        List<Row> apps = new ArrayList<>();
        // id, customer, event_time, start_date, end_date, age, amount, score, channel, region, code, phone, income, label
        apps.add(app(1, T1, null, "A1", "C1", "2026-01-01 00:00:00", "30", "1000", "700", " Web ", "N", "yes"));
        apps.add(app(2, T1, null, "A2", "C2", "2026-01-02 00:00:00", "30", "1000", "900", "web", "north", "no"));
        apps.add(app(3, T1, null, "A3", "C3", "2026-01-03 00:00:00", "n/a", "1000", "700", "web", "north", "no"));
        apps.add(app(4, T1, null, "A4", "C4", "2026-01-04 00:00:00", "-7", "1000", "700", "web", "north", "no"));
        apps.add(app(5, T1, null, "A5", "C5", "2026-01-05 00:00:00", "30", "1000", "700", "fax", "north", "no"));
        apps.add(with(app(6, T1, null, "A6", "C6", "2026-01-06 00:00:00", "30", "1000", "700", "web", "north", "no"), "code", "ab12"));
        apps.add(with(app(7, T1, null, "A7", "C7", "2026-01-07 00:00:00", "30", "1000", "700", "web", "north", "no"), "end_date", "2025-12-01"));
        apps.add(with(app(8, T1, null, "A8", "C8", "2026-01-08 00:00:00", "30", "1000", "700", "web", "north", "no"), "phone", null));
        apps.add(with(app(9, T1, null, "A9", "C9", "2026-01-09 00:00:00", "30", "1000", "700", "web", "north", "no"), "income", null));
        apps.add(app(10, T1, null, "A10", "C10", null, "30", "1000", "700", "web", "north", "no"));
        apps.add(app(11, T1, null, "A11", "C11", "2026-01-11 00:00:00", "30", "1000", "700", "web", "north", null));
        apps.add(malformed(12, T1, "A12,\"broken"));
        apps.add(app(13, T1, null, "A13", "C13", "2026-01-13 00:00:00", "30", "1000", "700", "web", "north", "no"));
        apps.add(app(14, T1, null, "A13", "C13", "2026-01-14 00:00:00", "30", "2000", "700", "web", "north", "no"));
        apps.add(app(15, T1, null, "A14", "C14", "2026-01-14 00:00:00", "30", "1000", "700", "web", "north", "no"));
        apps.add(app(16, T2, null, "A14", "C14", "2026-01-14 00:00:00", "30", "1000", "700", "web", "north", "no"));
        apps.add(app(17, T1, null, "A15", "C15", "2026-01-15 00:00:00", "30", "1000", "700", "web", "north", "no"));
        apps.add(app(18, T2, null, "A16", "C15", "2026-01-15 00:00:00", "30", "1000", "700", "web", "north", "no"));
        apps.add(app(19, T1, null, "A17", "C17", "2026-01-17 00:00:00", "-7", "1000", "700", "fax", "north", "no"));
        StructType appsSchema = new StructType();
        for (String column : RAW_COLUMNS) {
            appsSchema = appsSchema.add(column, DataTypes.StringType);
        }
        appsSchema = withMetadata(appsSchema);
        spark.createDataFrame(apps, appsSchema).write().format("delta").save(lake.bronzeTable("apps"));

        StructType partnerSchema = withMetadata(new StructType().add("id", DataTypes.StringType).add("customer", DataTypes.StringType)
                .add("event_time", DataTypes.StringType).add("start_date", DataTypes.StringType).add("end_date", DataTypes.StringType)
                .add("age", DataTypes.DoubleType).add("amount", DataTypes.StringType).add("score", DataTypes.StringType)
                .add("channel", DataTypes.StringType).add("region", DataTypes.StringType).add("phone", DataTypes.StringType)
                .add("income", DataTypes.StringType).add("label", DataTypes.StringType));
        Row partner = RowFactory.create("A18", "C18", "2026-01-18 00:00:00", "2026-01-01", "2026-01-31", 45.0, "1000", "700", "web", "north", "555",
                "5000", "no", "partner", "partner.parquet:1", T1, "ingest-2", null);
        spark.createDataFrame(List.of(partner), partnerSchema).write().format("delta").save(lake.bronzeTable("partner"));
    }

    private static StructType withMetadata(StructType raw) {
        return raw.add(BronzeColumns.SOURCE, DataTypes.StringType).add(BronzeColumns.ORIGIN, DataTypes.StringType)
                .add(BronzeColumns.INGESTED_AT, DataTypes.TimestampType).add(BronzeColumns.INGEST_RUN, DataTypes.StringType)
                .add(BronzeColumns.CORRUPT_RECORD, DataTypes.StringType);
    }

    private static Row app(int line, Timestamp ingestedAt, String corrupt, String id, String customer, String eventTime, String age, String amount,
            String score, String channel, String region, String label) {
        return RowFactory.create(id, customer, eventTime, "2026-01-01", "2026-01-31", age, amount, score, channel, region, "AB123", "555", "5000", label,
                "apps", "apps.csv:" + line, ingestedAt, "ingest-1", corrupt);
    }

    private static Row malformed(int line, Timestamp ingestedAt, String corrupt) {
        Object[] values = new Object[RAW_COLUMNS.size() + 5];
        values[RAW_COLUMNS.size()] = "apps";
        values[RAW_COLUMNS.size() + 1] = "apps.csv:" + line;
        values[RAW_COLUMNS.size() + 2] = ingestedAt;
        values[RAW_COLUMNS.size() + 3] = "ingest-1";
        values[RAW_COLUMNS.size() + 4] = corrupt;
        return RowFactory.create(values);
    }

    private static Row with(Row row, String column, String value) {
        Object[] values = new Object[row.size()];
        for (int i = 0; i < row.size(); i++) {
            values[i] = row.get(i);
        }
        values[RAW_COLUMNS.indexOf(column)] = value;
        return RowFactory.create(values);
    }

}
