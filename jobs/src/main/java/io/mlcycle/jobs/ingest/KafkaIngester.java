package io.mlcycle.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlcycle.common.dataset.source.KafkaSource;
import io.mlcycle.jobs.ingest.KafkaOffsetPlan.Plan;
import io.mlcycle.jobs.ingest.KafkaOffsetPlan.Range;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests the new records of a Kafka topic into its bronze table with Spark's Kafka batch source, reading explicit
 * offset ranges: per partition from the offset after the largest one bronze holds (its {@code _kafka_partition} and
 * {@code _kafka_offset} columns) to the end offset the topic had when the run started, bounded by
 * {@code max-records-per-run}. The offsets read are the rows' own columns, so they are committed in the same Delta
 * transaction as the data: a crash before the commit leaves nothing and the rerun reads the same records again; a
 * crash after it leaves them in bronze and the rerun starts after them.
 *
 * <p>Each value is expected to be a JSON object; its fields that are dataset columns are kept as text (nested values as
 * their JSON text). A value that is not a JSON object is kept with its raw text in {@code _corrupt_record} (a null
 * value with ""). Key, topic, partition, offset and timestamp are kept as metadata columns.
 */
public final class KafkaIngester implements SourceIngester {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaIngester.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaSource source;
    private final List<String> columns;
    private final IngestHook hook;

    /** {@code columns}: the dataset schema's column names, the JSON fields kept. */
    public KafkaIngester(KafkaSource source, List<String> columns) {
        this(source, columns, IngestHook.NONE);
    }

    public KafkaIngester(KafkaSource source, List<String> columns, IngestHook hook) {
        this.source = source;
        this.columns = List.copyOf(columns);
        this.hook = hook;
    }

    @Override
    public IngestResult ingest(SparkSession spark, String bronzeTable, String runId) {
        Plan plan = plan(committedNext(spark, bronzeTable));
        plan.warnings().forEach(LOG::warn);
        if (plan.ranges().isEmpty()) {
            return result(plan, 0, null);
        }
        Dataset<Row> rows = parsed(read(spark, plan.ranges()), runId);
        hook.beforeBronzeCommit(source.name());
        BronzeAppend written = BronzeAppend.write(rows, bronzeTable, runId, plan.ranges().stream()
                .map(range -> "kafka:" + source.topic() + "/partition " + range.partition() + " offsets " + range.start() + "-" + (range.end() - 1))
                .toList());
        return result(plan, written.rows(), written.version());
    }

    private IngestResult result(Plan plan, long rows, Long version) {
        return new IngestResult(source.name(), "kafka", source.topic() + " @ " + source.bootstrapServers(), List.of(), offsetsJson(plan.ranges()), "",
                rows, version, plan.warnings());
    }

    /** Per partition, the offset after the largest one of this topic in bronze. */
    private Map<Integer, Long> committedNext(SparkSession spark, String bronzeTable) {
        Map<Integer, Long> next = new HashMap<>();
        if (!BronzeAppend.exists(spark, bronzeTable)) {
            return next;
        }
        for (Row row : spark.read().format("delta").load(bronzeTable)
                .filter(col(BronzeColumns.KAFKA_TOPIC).equalTo(source.topic()))
                .groupBy(BronzeColumns.KAFKA_PARTITION).agg(max(BronzeColumns.KAFKA_OFFSET))
                .collectAsList()) {
            next.put(row.getInt(0), row.getLong(1) + 1);
        }
        return next;
    }

    private Plan plan(Map<Integer, Long> next) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, source.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000))) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(source.topic())).allTopicNames().get().get(source.topic()).partitions()
                    .stream().map(info -> new TopicPartition(source.topic(), info.partition())).toList();
            return KafkaOffsetPlan.plan(source.topic(), next, offsets(admin, partitions, OffsetSpec.earliest()),
                    offsets(admin, partitions, OffsetSpec.latest()), source.maxRecordsPerRun());
        } catch (ExecutionException e) {
            String fix = e.getCause() instanceof UnknownTopicOrPartitionException
                    ? "the topic does not exist: create it, or fix the source's topic in mlcycle.dataset.sources"
                    : e.getCause().getMessage() + ". Is the broker up and bootstrap-servers right?";
            throw new IllegalStateException("Cannot ingest Kafka source '" + source.name() + "' (topic " + source.topic() + " at "
                    + source.bootstrapServers() + "): " + fix, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the offsets of topic " + source.topic(), e);
        }
    }

    private static Map<Integer, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        Map<Integer, Long> offsets = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResultInfo> entry : admin.listOffsets(request).all().get().entrySet()) {
            offsets.put(entry.getKey().partition(), entry.getValue().offset());
        }
        return offsets;
    }

    private Dataset<Row> read(SparkSession spark, List<Range> ranges) {
        Map<String, Long> starts = new LinkedHashMap<>();
        Map<String, Long> ends = new LinkedHashMap<>();
        ranges.forEach(range -> {
            starts.put(String.valueOf(range.partition()), range.start());
            ends.put(String.valueOf(range.partition()), range.end());
        });
        return spark.read().format("kafka")
                .option("kafka.bootstrap.servers", source.bootstrapServers())
                .option("assign", json(Map.of(source.topic(), ranges.stream().map(Range::partition).toList())))
                .option("startingOffsets", json(Map.of(source.topic(), starts)))
                .option("endingOffsets", json(Map.of(source.topic(), ends)))
                .load();
    }

    /** The Kafka rows as bronze rows: the value's fields as text columns, then the metadata columns. */
    private Dataset<Row> parsed(Dataset<Row> records, String runId) {
        Column value = col("value").cast(DataTypes.StringType);
        Column fields = from_json(value, FileIngester.textSchema(columns),
                Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", BronzeColumns.CORRUPT_RECORD));
        Column notAnObject = fields.isNull().or(trim(value).startsWith("{").unary_$bang());
        Column corrupt = when(value.isNull(), lit(""))
                .when(notAnObject, value)
                .otherwise(fields.getField(BronzeColumns.CORRUPT_RECORD));
        List<Column> selected = new ArrayList<>();
        for (String column : columns) {
            selected.add(when(corrupt.isNull(), fields.getField(column)).as(column));
        }
        selected.add(corrupt.as(BronzeColumns.CORRUPT_RECORD));
        selected.add(lit(source.name()).as(BronzeColumns.SOURCE));
        selected.add(concat_ws("/", col("topic"), col("partition"), col("offset")).as(BronzeColumns.ORIGIN));
        selected.add(current_timestamp().as(BronzeColumns.INGESTED_AT));
        selected.add(lit(runId).as(BronzeColumns.INGEST_RUN));
        selected.add(col("key").cast(DataTypes.StringType).as(BronzeColumns.KAFKA_KEY));
        selected.add(col("topic").as(BronzeColumns.KAFKA_TOPIC));
        selected.add(col("partition").as(BronzeColumns.KAFKA_PARTITION));
        selected.add(col("offset").as(BronzeColumns.KAFKA_OFFSET));
        selected.add(col("timestamp").as(BronzeColumns.KAFKA_TIMESTAMP));
        return records.select(selected.toArray(Column[]::new));
    }

    /** {"topic":{"0":[start,end],...}}, end exclusive; "" when nothing was read. */
    private String offsetsJson(List<Range> ranges) {
        if (ranges.isEmpty()) {
            return "";
        }
        Map<String, List<Long>> byPartition = new LinkedHashMap<>();
        ranges.forEach(range -> byPartition.put(String.valueOf(range.partition()), List.of(range.start(), range.end())));
        return json(Map.of(source.topic(), byPartition));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value + " as JSON", e);
        }
    }
}
