package io.mlcycle.jobs.score;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.lit;

import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.events.KafkaEvents;
import io.mlcycle.common.features.EntityAggregates;
import io.mlcycle.common.io.ModelRegistry;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.common.scoring.ModelOutputs;
import io.mlcycle.common.scoring.Scoring;
import io.mlcycle.common.scoring.ScoringModel;
import io.mlcycle.jobs.Job;
import io.mlcycle.jobs.Progress;
import io.mlcycle.platform.delta.DeltaTables;
import io.mlcycle.platform.delta.IdempotentDeltaAppend;
import io.mlcycle.platform.delta.Lineage;
import io.mlcycle.platform.features.Dimensions;
import io.mlcycle.platform.features.LookupTables;
import io.mlcycle.platform.model.ModelCache;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Scores a Delta table (the silver table unless another is named; its latest version unless one is given) with a
 * registered model version (the champion unless one is given) and appends the predictions to the batch predictions
 * table, with the same columns as the streaming scorer's ({@link Scoring}; the Kafka coordinates are null).
 *
 * <p>The rows get the dataset's lookups and entity aggregates exactly as the features job computes them
 * ({@link LookupTables}, {@link EntityAggregates}: each dimension at its latest version, each row's aggregates over the
 * earlier rows of its entity in the scored table version); derived columns, imputation and encoding are inside the model.
 * Each prediction records the dimension versions joined ({@link Scoring#LOOKUP_VERSIONS}).
 *
 * <p>Idempotent: the append's Delta transaction id is derived from the input table, its version and the model version,
 * so scoring the same input with the same model again adds nothing (even when a dimension table has a new version
 * since). The commit records its lineage: the input table and version, the Delta dimension tables at the versions
 * joined, the model's name, version and run id, and the Parquet/CSV dimensions as sources.
 */
public final class ScoreBatchJob implements Job {
    /** What to score, and with which model; empty values take the defaults. */
    public record Options(Optional<String> table, OptionalLong tableVersion, Optional<String> modelVersion) {
        public Options {
            requireNonNull(table, "table is null");
            requireNonNull(tableVersion, "tableVersion is null");
            requireNonNull(modelVersion, "modelVersion is null");
        }

        public static Options defaults() {
            return new Options(Optional.empty(), OptionalLong.empty(), Optional.empty());
        }
    }

    /** What a run scored and wrote; {@code writtenVersion} is empty when the same input and model were scored before. */
    public record Result(Lineage.TableVersion input, ModelVersion model, OptionalLong writtenVersion) {}

    private final SparkSession spark;
    private final ScoreBatchJobConfig config;
    private final ModelRegistry registry;
    private final ModelCache cache;
    private final Options options;
    private final Progress progress = new Progress("score-batch");

    public ScoreBatchJob(SparkSession spark, ScoreBatchJobConfig config, ModelRegistry registry, ModelCache cache, Options options) {
        this.spark = requireNonNull(spark, "spark is null");
        this.config = requireNonNull(config, "config is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.options = requireNonNull(options, "options is null");
    }

    @Override
    public void run() {
        score();
    }

    public Result score() {
        DatasetSpec spec = config.dataset();
        Lineage.TableVersion input = inputVersion();
        ModelVersion version = modelVersion();
        ScoringModel model = cache.load(version);
        ModelOutputs.requireTask(model, spec.task());
        progress.step("scoring " + input.table() + " version " + input.version() + " with " + model.describe() + " (run "
                + version.runId() + ")");

        Dataset<Row> rows = DeltaTables.read(spark, input.table(), input.version());
        Dimensions dimensions = LookupTables.read(spark, spec.featureSpec().lookups());
        Dataset<Row> events = EntityAggregates.withAggregates(dimensions.join(rows), spec)
                .withColumn(KafkaEvents.KAFKA_PARTITION, lit(null).cast(DataTypes.IntegerType))
                .withColumn(KafkaEvents.KAFKA_OFFSET, lit(null).cast(DataTypes.LongType));
        Dataset<Row> predictions = Scoring.score(events, model, spec, dimensions.versions());

        String table = config.batchPredictionsTable();
        long before = DeltaTables.exists(spark, table) ? DeltaTables.latestVersion(spark, table) : -1;
        List<Lineage.TableVersion> reads = new ArrayList<>(List.of(input));
        reads.addAll(dimensions.reads());
        List<String> sources = new ArrayList<>(List.of("model:" + version.name() + " version " + version.version() + " run " + version.runId()));
        sources.addAll(dimensions.sources());
        Lineage lineage = new Lineage("score-batch", UUID.randomUUID().toString(), reads, sources);
        new IdempotentDeltaAppend(transactionId(input, version)).appendAddingColumns(predictions, table, 0, lineage.toJson());
        long after = DeltaTables.latestVersion(spark, table);
        if (after == before) {
            progress.step("nothing written: " + table + " already holds the predictions of " + input.table() + " version " + input.version()
                    + " by " + model.describe());
            return new Result(input, version, OptionalLong.empty());
        }
        progress.step("wrote the predictions to " + table + " version " + after);
        return new Result(input, version, OptionalLong.of(after));
    }

    private Lineage.TableVersion inputVersion() {
        String table = options.table().orElse(config.lake().silverTable());
        if (!DeltaTables.exists(spark, table)) {
            throw new IllegalArgumentException("Cannot score table " + table + ": it is not a Delta table (or does not exist yet). "
                    + (options.table().isPresent() ? "Name a Delta table with --table." : "Run ingest and silver first, or name a Delta table with --table."));
        }
        long latest = DeltaTables.latestVersion(spark, table);
        long version = options.tableVersion().orElse(latest);
        if (version > latest) {
            throw new IllegalArgumentException("Cannot score table " + table + " version " + version + ": its latest version is " + latest
                    + ". Pass --data-version " + latest + " or lower, or leave it out to score the latest.");
        }
        return new Lineage.TableVersion(table, version);
    }

    private ModelVersion modelVersion() {
        String name = config.mlflow().registeredModel();
        String alias = config.mlflow().championAlias();
        if (options.modelVersion().isEmpty()) {
            return registry.versionByAlias(name, alias).orElseThrow(() -> new IllegalStateException("Cannot score with the champion:"
                    + " registered model '" + name + "' has no version with alias '" + alias + "'. Train and promote a model first"
                    + " (mlcycle train), or name a version with --model-version."));
        }
        String wanted = options.modelVersion().get();
        List<ModelVersion> versions = registry.versions(name);
        return versions.stream().filter(v -> v.version().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Cannot score with version " + wanted + " of registered model '" + name
                        + "': it has versions " + versions.stream().map(ModelVersion::version).toList() + ". Name one of them with --model-version."));
    }

    /** The Delta transaction id of scoring one input version with one model version: the same pair is appended once. */
    static String transactionId(Lineage.TableVersion input, ModelVersion model) {
        String identity = input.table() + "@" + input.version() + "|" + model.name() + "@" + model.version();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return "mlcycle-score-batch-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
