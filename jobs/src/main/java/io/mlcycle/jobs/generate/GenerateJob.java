package io.mlcycle.jobs.generate;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.to_timestamp;

import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.GeneratorSettings;
import io.mlcycle.common.config.GeneratorSettings.Output;
import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.jobs.Job;
import io.mlcycle.jobs.Progress;
import io.mlcycle.platform.kafka.ConfiguredTopic;
import io.mlcycle.platform.kafka.KafkaTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Writes the built-in synthetic history (labeled loan applications in the configured scenario, with the configured
 * data-quality incidents) to each configured output: CSV files in the landing folder (where the ingest job picks them
 * up), a database table over JDBC, a Kafka topic. Seeded: a rerun writes the same rows, and every output gets the same
 * rows (each write generates them afresh on the executors, see {@link SyntheticHistory}).
 *
 * <p>The table is replaced on every run (truncated, so grants and indexes on it stay) and holds the raw text columns
 * plus {@value #UPDATED_AT}, the event time as a timestamp, which an incremental reader can use as its watermark. The
 * topic gets one JSON object per row (every column, missing values as null) keyed by the id; a rerun appends the same
 * records again, as a source that re-sends its data would.
 */
public final class GenerateJob implements Job {
    /** The table's timestamp column: the event time, for incremental readers. */
    static final String UPDATED_AT = "updated_at";
    private static final String ID_COLUMN = "application_id";
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private final SparkSession spark;
    private final GeneratorSettings settings;
    private final KafkaSettings kafka;
    private final Progress progress = new Progress("generate");

    public GenerateJob(SparkSession spark, GeneratorSettings settings, KafkaSettings kafka) {
        this.spark = requireNonNull(spark, "spark is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.kafka = requireNonNull(kafka, "kafka is null");
    }

    @Override
    public void run() {
        progress.step("generating " + settings.historyRows() + " labeled applications (seed " + settings.seed() + ", scenario "
                + ConfigReader.kebab(settings.scenario()) + ", incidents " + settings.incidents() + ") to "
                + settings.outputs().stream().map(ConfigReader::kebab).toList());
        if (settings.writes(Output.FILES)) {
            writeFiles();
        }
        if (settings.writes(Output.JDBC)) {
            writeTable();
        }
        if (settings.writes(Output.KAFKA)) {
            writeTopic();
        }
    }

    private void writeFiles() {
        String target = settings.outputDir().resolve("history").toString();
        LongAccumulator rows = spark.sparkContext().longAccumulator("generated rows");
        counted(rows).write().mode(SaveMode.Overwrite).option("header", "true").csv(target);
        progress.step("wrote " + rows.value() + " rows as CSV files to " + target);
    }

    private void writeTable() {
        GeneratorSettings.Jdbc jdbc = settings.jdbc();
        Properties properties = new Properties();
        properties.setProperty("user", jdbc.user());
        properties.setProperty("password", jdbc.password().reveal());
        if (jdbc.url().startsWith("jdbc:postgresql:")) {
            // Named, because under spark-submit the driver's jar is not on the classpath DriverManager searches.
            properties.setProperty("driver", "org.postgresql.Driver");
        }
        LongAccumulator rows = spark.sparkContext().longAccumulator("generated rows");
        counted(rows).withColumn(UPDATED_AT, to_timestamp(col("event_time")))
                .write().mode(SaveMode.Overwrite).option("truncate", "true").option("batchsize", "5000")
                .jdbc(jdbc.url(), jdbc.table(), properties);
        progress.step("wrote " + rows.value() + " rows to table " + jdbc.table() + " of " + jdbc.url() + " (replaced)");
    }

    private void writeTopic() {
        // brokers may refuse to auto-create topics: create it as mlcycle creates its own
        try (KafkaTopics topics = KafkaTopics.connect(kafka.bootstrapServers(), TOPIC_TIMEOUT)) {
            topics.create(List.of(new ConfiguredTopic(settings.kafkaTopic(), "mlcycle.generator.kafka-topic")), kafka.partitions(),
                    kafka.retention());
        }
        Column[] columns = SyntheticHistory.COLUMNS.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        LongAccumulator rows = spark.sparkContext().longAccumulator("generated rows");
        counted(rows).select(col(ID_COLUMN).as("key"), to_json(struct(columns), Map.of("ignoreNullFields", "false")).as("value"))
                .write().format("kafka")
                .option("kafka.bootstrap.servers", kafka.bootstrapServers())
                .option("topic", settings.kafkaTopic())
                .save();
        progress.step("wrote " + rows.value() + " records to Kafka topic " + settings.kafkaTopic() + " on " + kafka.bootstrapServers());
    }

    /** The history, counting its rows into {@code rows} as they are written (for the progress line only). */
    private Dataset<Row> counted(LongAccumulator rows) {
        Dataset<Row> history = SyntheticHistory.generate(spark, settings);
        return history.map((org.apache.spark.api.java.function.MapFunction<Row, Row>) row -> {
            rows.add(1);
            return row;
        }, org.apache.spark.sql.Encoders.row(SyntheticHistory.SCHEMA));
    }
}
