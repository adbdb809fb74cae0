package io.mlcycle.jobs.features;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlcycle.common.config.PrepareSettings.SplitMethod;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.drift.DataProfile;
import io.mlcycle.common.features.EntityAggregates;
import io.mlcycle.common.features.FeaturePipelines;
import io.mlcycle.jobs.Job;
import io.mlcycle.jobs.Progress;
import io.mlcycle.platform.delta.DeltaTables;
import io.mlcycle.platform.delta.Lineage;
import io.mlcycle.platform.features.Dimensions;
import io.mlcycle.platform.features.LookupTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Silver to the feature table: the latest silver version, trainable rows only, dimension lookups joined
 * ({@link LookupTables}: each dimension at its latest version, recorded in the lineage), point-in-time
 * entity aggregates added, then a train/test split ({@code mlcycle.prepare.split}): by time (the latest rows by event
 * time are the test set; the default when the dataset has a time column) or a seeded random share by id, stratified by
 * the label for classification so that each class's test share is the test fraction. Which split was used and the row
 * counts per split (and class) are stored in the version's commit metadata next to the lineage. The table is written
 * to Delta partitioned by {@code split}: training reads one split and evaluation the other, so each read prunes to its
 * partition, and two partitions never fragment the table into small files the way a date partitioning of a few days of
 * events would. Each version gets a data profile per split (the training split's is the drift reference), and the
 * preprocessing stages are fitted on the train split only and saved next to the version, for training to build on.
 *
 * <p>Until the silver job writes {@code mlcycle.lake.silver-table}, silver-shaped rows are derived from bronze here
 * (typed, one row per id: the latest ingested).
 */
public final class FeaturesJob implements Job {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SparkSession spark;
    private final FeaturesJobConfig config;
    private final DatasetSpec spec;
    private final Progress progress = new Progress("features");

    public FeaturesJob(SparkSession spark, FeaturesJobConfig config) {
        this.spark = spark;
        this.config = config;
        this.spec = config.dataset();
    }

    /** Where the preprocessing fitted on a feature table version is saved. */
    public static String preprocessingPath(String featuresTable, long version) {
        return featuresTable + "_preprocessing/v" + version;
    }

    @Override
    public void run() {
        Lineage.TableVersion source = sourceVersion();
        Dataset<Row> silver = silverRows(source).filter(FeatureSplits.trainable(spec));
        Dimensions dimensions = LookupTables.read(spark, spec.featureSpec().lookups());
        Dataset<Row> joined = EntityAggregates.withAggregates(dimensions.join(silver), spec).cache();
        SplitMethod method = config.split().splitFor(spec);
        Dataset<Row> split = split(joined, method).select(outputColumns());
        SplitSummary summary = SplitSummary.count(split, spec, method);

        // the silver version and the dimension tables at the versions joined
        List<Lineage.TableVersion> reads = new ArrayList<>(List.of(source));
        reads.addAll(dimensions.reads());
        Lineage lineage = new Lineage("features", UUID.randomUUID().toString(), reads, dimensions.sources());
        String table = config.lake().featuresTable();
        long version = DeltaTables.overwritePartitioned(split, table, commitMetadata(lineage, summary), FeatureSplits.SPLIT_COLUMN);
        joined.unpersist();
        Dataset<Row> written = DeltaTables.read(spark, table, version).cache();
        Dataset<Row> train = written.filter(col(FeatureSplits.SPLIT_COLUMN).equalTo(FeatureSplits.TRAIN));
        Dataset<Row> test = written.filter(col(FeatureSplits.SPLIT_COLUMN).equalTo(FeatureSplits.TEST));
        progress.step("feature table " + table + " version " + version + " from " + source.table() + " version " + source.version()
                + ", " + summary.describe());

        profile(train, table, version, FeatureSplits.TRAIN);
        profile(test, table, version, FeatureSplits.TEST);
        progress.step("profiled every feature of both splits into " + config.profileTable());

        PipelineModel preprocessing = FeaturePipelines.preprocessing(spec).fit(train);
        save(preprocessing, preprocessingPath(table, version));
        progress.step("fitted preprocessing (" + preprocessing.stages().length + " stages) on the train split, saved to "
                + preprocessingPath(table, version));
        written.unpersist();
    }

    private Lineage.TableVersion sourceVersion() {
        String silverTable = config.lake().silverTable();
        if (!DeltaTables.exists(spark, silverTable)) {
            throw new IllegalStateException("Cannot build features: the silver table " + silverTable
                    + " does not exist yet. Run the silver job first (JobMain silver, after ingest).");
        }
        return new Lineage.TableVersion(silverTable, DeltaTables.latestVersion(spark, silverTable));
    }

    private Dataset<Row> silverRows(Lineage.TableVersion source) {
        return DeltaTables.read(spark, source.table(), source.version());
    }

    private Dataset<Row> split(Dataset<Row> rows, SplitMethod method) {
        double testFraction = config.split().testFraction();
        if (method == SplitMethod.RANDOM) {
            return FeatureSplits.splitRandomly(rows, spec, testFraction, config.split().seed());
        }
        double cutoff = rows.select(col(spec.timeColumn()).cast(DataTypes.DoubleType))
                .stat().approxQuantile(spec.timeColumn(), new double[] {1.0 - testFraction}, 0.0001)[0];
        return FeatureSplits.splitByTime(rows, spec, cutoff);
    }

    /** The lineage JSON with the split summary added as {@code "split"}; {@link Lineage#fromJson} ignores the extra field. */
    private static String commitMetadata(Lineage lineage, SplitSummary summary) {
        try {
            ObjectNode metadata = (ObjectNode) JSON.readTree(lineage.toJson());
            metadata.set("split", JSON.valueToTree(summary.toMap()));
            return JSON.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the features commit metadata as JSON: " + summary, e);
        }
    }

    /** The schema's columns, the looked-up and aggregated ones, and the split; silver's metadata columns stay behind. */
    private Column[] outputColumns() {
        Set<String> columns = new LinkedHashSet<>();
        spec.schema().forEach(c -> columns.add(c.name()));
        // a derived id (id-column = "") is no schema column, but training and evaluation key rows by it
        columns.add(spec.idColumn());
        columns.addAll(spec.featureSpec().joinedColumns());
        columns.add(FeatureSplits.SPLIT_COLUMN);
        return columns.stream().map(c -> col("`" + c + "`")).toArray(Column[]::new);
    }

    private void profile(Dataset<Row> rows, String table, long version, String split) {
        List<String> numeric = new ArrayList<>(spec.featureSpec().numericInputs());
        DataProfile profile = DataProfile.compute(rows, numeric, spec.featureSpec().categoricalInputs(), config.profileBins());
        ProfileTable.append(spark, config.profileTable(), profile, table, version, split);
    }

    private static void save(PipelineModel model, String path) {
        try {
            model.write().overwrite().save(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the fitted preprocessing to " + path + ": " + e.getMessage(), e);
        }
    }
}
