package io.mlcycle.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.platform.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka sources into bronze against a real in-JVM Kafka cluster (2 partitions per topic), and the ingestion log. */
class KafkaIngesterIT {
    @TempDir
    static Path work;

    private static KafkaClusterTestKit kafka;
    private static SparkSession spark;

    @BeforeAll
    static void start() throws Exception {
        kafka = io.mlcycle.jobs.testing.TestKafka.start(work.resolve("kafka"));
        spark = SparkTestSession.start(KafkaIngesterIT.class);
    }

    @AfterAll
    static void stop() throws Exception {
        if (spark != null) {
            spark.stop();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void readsEverythingFirstThenOnlyNewRecordsKeepingInvalidJsonAndLogsEverySourceOfEveryRun() throws Exception {
        KafkaRecords.createTopic(kafka, "applications", 2);
        List<String> partition0 = new ArrayList<>(KafkaRecords.records("a", 3));
        partition0.add("not json");
        partition0.add("[1,2]");
        partition0.add("{\"id\":\"x\",\"name\":");
        KafkaRecords.produce(kafka, "applications", 0, partition0);
        KafkaRecords.produce(kafka, "applications", 1, KafkaRecords.records("b", 2));
        Path landing = Files.createDirectories(work.resolve("landing"));
        Files.writeString(landing.resolve("f.csv"), "id,name,amount\nf0,x,1\n");
        DatasetSpec dataset = IngestFixtures.dataset(List.of(IngestFixtures.kafka("stream", "applications", kafka.bootstrapServers(), 0),
                IngestFixtures.csv("landing", landing)));
        LakeSettings lake = IngestFixtures.lake(work.resolve("job"));
        String bronze = lake.bronzeTable("stream");

        new IngestJob(spark, dataset, lake, "").run();

        Dataset<Row> rows = table(bronze);
        assertThat(rows.count()).isEqualTo(8);
        assertThat(rows.select(BronzeColumns.KAFKA_PARTITION, BronzeColumns.KAFKA_OFFSET).distinct().count()).isEqualTo(8);
        assertThat(strings(rows.filter(col(BronzeColumns.CORRUPT_RECORD).isNull()).orderBy("id"), "id", "name", "amount", "_origin", "_kafka_key"))
                .containsExactly("a0|n0|0|applications/0/0|k-0", "a1|n1|1|applications/0/1|k-1", "a2|n2|2|applications/0/2|k-2",
                        "b0|n0|0|applications/1/0|k-0", "b1|n1|1|applications/1/1|k-1");
        assertThat(strings(rows.filter(col(BronzeColumns.CORRUPT_RECORD).isNotNull()).orderBy("_kafka_offset"), "_corrupt_record", "id", "_origin"))
                .containsExactly("not json|null|applications/0/3", "[1,2]|null|applications/0/4", "{\"id\":\"x\",\"name\":|null|applications/0/5");
        assertThat(table(lake.bronzeTable("landing")).count()).isEqualTo(1);

        KafkaRecords.produce(kafka, "applications", 1, KafkaRecords.records("c", 2));
        new IngestJob(spark, dataset, lake, "stream").run();
        assertThat(table(bronze).count()).isEqualTo(10);
        assertThat(strings(table(bronze).filter(col(BronzeColumns.KAFKA_OFFSET).geq(2).and(col(BronzeColumns.KAFKA_PARTITION).equalTo(1))).orderBy("id"),
                "id", "_origin")).containsExactly("c0|applications/1/2", "c1|applications/1/3");

        new IngestJob(spark, dataset, lake, "").run();
        assertThat(table(bronze).count()).as("a rerun adds nothing").isEqualTo(10);

        List<Row> log = table(lake.ingestionLogTable()).orderBy("started_at").collectAsList();
        assertThat(log).extracting(row -> row.getAs("source") + " " + row.getAs("source_type") + " rows=" + row.getAs("rows") + " offsets="
                        + row.getAs("offsets") + " files=" + row.getList(row.fieldIndex("files")).size() + " version=" + row.getAs("bronze_version"))
                .containsExactly(
                        "stream kafka rows=8 offsets={\"applications\":{\"0\":[0,6],\"1\":[0,2]}} files=0 version=0",
                        "landing files rows=1 offsets= files=1 version=0",
                        "stream kafka rows=2 offsets={\"applications\":{\"1\":[2,4]}} files=0 version=1",
                        "stream kafka rows=0 offsets= files=0 version=null",
                        "landing files rows=0 offsets= files=0 version=null");
        assertThat(log).extracting(row -> row.<String>getAs("run_id")).containsSubsequence(log.get(0).getAs("run_id"), log.get(1).getAs("run_id"));
        assertThat(log.get(0).<String>getAs("run_id")).isEqualTo(log.get(1).getAs("run_id"));
        assertThat(log.get(0).<String>getAs("bronze_table")).isEqualTo(bronze);
    }

    @Test
    void honoursMaxRecordsPerRunOverRuns() throws Exception {
        KafkaRecords.createTopic(kafka, "bounded", 2);
        KafkaRecords.produce(kafka, "bounded", 0, KafkaRecords.records("p", 6));
        KafkaRecords.produce(kafka, "bounded", 1, KafkaRecords.records("q", 4));
        KafkaIngester ingester = new KafkaIngester(IngestFixtures.kafka("bounded", "bounded", kafka.bootstrapServers(), 5), IngestFixtures.COLUMNS);
        String bronze = work.resolve("bounded/bronze").toString();

        // 6 + 4 waiting, 5 per run: 3 from partition 0 and 2 from partition 1, then the other 3 and 2, then nothing
        IngestResult first = ingester.ingest(spark, bronze, "run-1");
        IngestResult second = ingester.ingest(spark, bronze, "run-2");
        IngestResult third = ingester.ingest(spark, bronze, "run-3");

        assertThat(first.offsets()).isEqualTo("{\"bounded\":{\"0\":[0,3],\"1\":[0,2]}}");
        assertThat(first.rows()).isEqualTo(5);
        assertThat(second.offsets()).isEqualTo("{\"bounded\":{\"0\":[3,6],\"1\":[2,4]}}");
        assertThat(second.rows()).isEqualTo(5);
        assertThat(third.rows()).isZero();
        assertThat(third.bronzeVersion()).isNull();
        assertThat(strings(table(bronze).orderBy("id"), "id")).containsExactly("p0", "p1", "p2", "p3", "p4", "p5", "q0", "q1", "q2", "q3");
    }

    @Test
    void warnsAndGoesOnFromTheEarliestWhenRetentionDeletedRecordsNotYetIngested() throws Exception {
        KafkaRecords.createTopic(kafka, "retention", 2);
        KafkaRecords.produce(kafka, "retention", 0, KafkaRecords.records("r", 2));
        KafkaIngester ingester = new KafkaIngester(IngestFixtures.kafka("retention", "retention", kafka.bootstrapServers(), 0), IngestFixtures.COLUMNS);
        String bronze = work.resolve("retention/bronze").toString();
        assertThat(ingester.ingest(spark, bronze, "run-1").rows()).isEqualTo(2);

        // offsets 2, 3, 4 produced; 2 and 3 deleted before the next run
        KafkaRecords.produce(kafka, "retention", 0, KafkaRecords.records("s", 3));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.deleteRecords(Map.of(new TopicPartition("retention", 0), RecordsToDelete.beforeOffset(4))).all().get();
        }
        IngestResult result = ingester.ingest(spark, bronze, "run-2");

        assertThat(result.warnings()).containsExactly("Kafka records retention/0 offsets 2 to 3 (2 records) were deleted by the topic's retention"
                + " before they were ingested; reading from the earliest offset 4");
        assertThat(result.offsets()).isEqualTo("{\"retention\":{\"0\":[4,5]}}");
        assertThat(strings(table(bronze).orderBy("id"), "id")).containsExactly("r0", "r1", "s2");
    }

    private static Dataset<Row> table(String path) {
        return spark.read().format("delta").load(path);
    }

    private static List<String> strings(Dataset<Row> rows, String... columns) {
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
