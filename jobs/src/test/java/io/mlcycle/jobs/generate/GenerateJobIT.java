package io.mlcycle.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlcycle.common.config.GeneratorSettings;
import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.common.config.Secret;
import io.mlcycle.common.synthetic.QualityIncidents;
import io.mlcycle.jobs.testing.TestKafka;
import io.mlcycle.jobs.testing.TestPostgres;
import io.mlcycle.platform.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generate job against a real PostgreSQL (the one './mlcycle test' starts, in a schema of its own) and Kafka's
 * in-JVM cluster: the files, the table and the topic hold the same rows, and a second run writes them again identically.
 * Each output is read back with a plain reader (Spark's CSV reader, JDBC, a Kafka consumer), not through the job.
 */
class GenerateJobIT {
    private static final String TOPIC = "applications-raw";
    private static final String TABLE = "loan_applications";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Comparator<List<String>> BY_VALUES = Comparator.comparing(row -> String.join("\u0001",
            row.stream().map(value -> value == null ? "\u0000" : value).toList()));

    private static SparkSession spark;
    private static TestPostgres postgres;
    private static KafkaClusterTestKit kafka;
    private static Path directory;

    @BeforeAll
    static void start() throws Exception {
        directory = Files.createTempDirectory("generate-it");
        postgres = TestPostgres.createSchema(GenerateJobIT.class);
        kafka = TestKafka.start(directory.resolve("kafka"));
        spark = SparkTestSession.start(GenerateJobIT.class);
    }

    @AfterAll
    static void stop() throws Exception {
        if (spark != null) {
            spark.stop();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void writesTheSameRowsToFilesTableAndTopicAndAgainOnASecondRun() throws Exception {
        int rows = SyntheticHistory.BLOCK_ROWS + 1_500; // two blocks
        GeneratorSettings settings = new GeneratorSettings(5, rows, 300, Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMinutes(1), 0.05,
                directory.resolve("landing"), GeneratorSettings.Scenario.DRIFT, new QualityIncidents.Shares(0.02, 0.02, 0.02, 0.02),
                List.of(GeneratorSettings.Output.FILES, GeneratorSettings.Output.JDBC, GeneratorSettings.Output.KAFKA),
                new GeneratorSettings.Jdbc(postgres.url(), TABLE, postgres.user(), Secret.of(postgres.password())), TOPIC);
        KafkaSettings kafkaSettings = new KafkaSettings(kafka.bootstrapServers(), 2, Duration.ofDays(1), true,
                new KafkaSettings.Topics("e", "p", "d", "a", "l"));

        new GenerateJob(spark, settings, kafkaSettings).run();
        List<List<String>> files = files(settings);
        List<List<String>> table = table();
        List<List<String>> topic = topic();

        assertThat(files.size()).as("rows, with about 2% delivered twice").isBetween(rows + 50, rows + 250);
        assertThat(table).isEqualTo(files);
        assertThat(topic).isEqualTo(files);
        assertUpdatedAtIsTheEventTime();
        assertThat(columnTypes()).containsEntry("application_id", "text").containsEntry("defaulted", "text")
                .containsEntry("updated_at", "timestamp with time zone").hasSize(SyntheticHistory.COLUMNS.size() + 1);

        new GenerateJob(spark, settings, kafkaSettings).run();

        assertThat(files(settings)).isEqualTo(files);
        assertThat(table()).as("the table is replaced, not appended to").isEqualTo(files);
        List<List<String>> twice = new ArrayList<>(files);
        twice.addAll(files);
        twice.sort(BY_VALUES);
        assertThat(topic()).as("the topic gets the same records again").isEqualTo(twice);
    }

    private static List<List<String>> files(GeneratorSettings settings) {
        List<Row> rows = spark.read().option("header", "true").csv(settings.outputDir().resolve("history").toString()).collectAsList();
        return sorted(rows.stream().map(row -> SyntheticHistory.COLUMNS.stream().map(column -> row.<String>getAs(column)).toList()));
    }

    private static List<List<String>> table() throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT " + String.join(", ", SyntheticHistory.COLUMNS) + " FROM " + TABLE)) {
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (String column : SyntheticHistory.COLUMNS) {
                    row.add(result.getString(column));
                }
                rows.add(row);
            }
        }
        return sorted(rows.stream());
    }

    private static List<List<String>> topic() throws Exception {
        Map<String, Object> properties = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        List<List<String>> rows = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(partition -> new TopicPartition(TOPIC, partition.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    JsonNode value = JSON.readTree(record.value());
                    List<String> row = SyntheticHistory.COLUMNS.stream().map(column -> value.get(column).isNull() ? null : value.get(column).asText()).toList();
                    assertThat(record.key()).isEqualTo(row.get(0));
                    rows.add(row);
                }
            }
        }
        return sorted(rows.stream());
    }

    private static void assertUpdatedAtIsTheEventTime() throws Exception {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM " + TABLE
                        + " WHERE updated_at IS DISTINCT FROM event_time::timestamptz")) {
            result.next();
            assertThat(result.getLong(1)).isZero();
        }
    }

    private static Map<String, String> columnTypes() throws Exception {
        Map<String, String> types = new HashMap<>();
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT column_name, data_type FROM information_schema.columns"
                        + " WHERE table_schema = '" + postgres.schema() + "' AND table_name = '" + TABLE + "'")) {
            while (result.next()) {
                types.put(result.getString(1), result.getString(2));
            }
        }
        return types;
    }

    private static List<List<String>> sorted(java.util.stream.Stream<List<String>> rows) {
        return rows.sorted(BY_VALUES).collect(Collectors.toCollection(ArrayList::new));
    }
}
