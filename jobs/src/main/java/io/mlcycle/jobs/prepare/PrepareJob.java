package io.mlcycle.jobs.prepare;

import static org.apache.spark.sql.functions.col;

import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.PrepareSettings;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.features.FeatureFrames;
import io.mlcycle.common.features.FeaturePipelines;
import io.mlcycle.jobs.Job;
import io.mlcycle.jobs.Progress;
import io.mlcycle.jobs.delta.DeltaTables;
import io.mlcycle.jobs.delta.Lineage;
import io.mlcycle.jobs.ingest.BronzeColumns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Bronze to the feature table: typed columns, untrainable rows dropped (counted), one row per id, and a
 * time-based train/test split (the latest rows are the test set). The preprocessing stages are then fitted
 * on the train split only and saved next to the feature table version, for training to build on.
 */
public final class PrepareJob implements Job {
    private final SparkSession spark;
    private final LakeSettings lake;
    private final DatasetSpec spec;
    private final PrepareSettings settings;
    private final Progress progress = new Progress("prepare");

    public PrepareJob(SparkSession spark, LakeSettings lake, DatasetSpec spec, PrepareSettings settings) {
        this.spark = spark;
        this.lake = lake;
        this.spec = spec;
        this.settings = settings;
    }

    /** Where the preprocessing fitted on a feature table version is saved. */
    public static String preprocessingPath(String featuresTable, long version) {
        return featuresTable + "_preprocessing/v" + version;
    }

    @Override
    public void run() {
        List<Lineage.TableVersion> bronzeVersions = spec.sources().stream()
                .map(source -> new Lineage.TableVersion(lake.bronzeTable(source.name()), DeltaTables.latestVersion(spark, lake.bronzeTable(source.name()))))
                .toList();
        // every source's bronze table, unioned by column name (a column one source lacks is null in its rows)
        Dataset<Row> bronze = bronzeVersions.stream().map(table -> DeltaTables.read(spark, table.table(), table.version()))
                .reduce((a, b) -> a.unionByName(b, true)).orElseThrow();
        Dataset<Row> typed = FeatureFrames.typed(bronze, spec)
                .withColumn(spec.labelColumn(), col(spec.labelColumn()).cast(DataTypes.IntegerType))
                .cache();
        long total = typed.count();
        Dataset<Row> trainable = FeatureSplits.latestPerId(typed.filter(FeatureSplits.trainable(spec)), spec, BronzeColumns.INGESTED_AT);
        double cutoff = trainable.select(col(spec.timeColumn()).cast(DataTypes.DoubleType))
                .stat().approxQuantile(spec.timeColumn(), new double[] {1.0 - settings.testFraction()}, 0.0001)[0];
        Dataset<Row> features = FeatureSplits.splitByTime(trainable, spec, cutoff).select(outputColumns());

        Lineage lineage = new Lineage("prepare", UUID.randomUUID().toString(), bronzeVersions);
        long version = DeltaTables.overwrite(features, lake.featuresTable(), lineage.toJson());
        typed.unpersist();
        Dataset<Row> written = DeltaTables.read(spark, lake.featuresTable(), version);
        long kept = written.count();
        progress.step("feature table " + lake.featuresTable() + " version " + version + ": " + kept + " rows from bronze "
                + bronzeVersions + " (" + (total - kept) + " rows dropped as untrainable or duplicate)");

        PipelineModel preprocessing = FeaturePipelines.preprocessing(spec)
                .fit(written.filter(col(FeatureSplits.SPLIT_COLUMN).equalTo(FeatureSplits.TRAIN)));
        save(preprocessing, preprocessingPath(lake.featuresTable(), version));
        progress.step("fitted preprocessing (imputation, scaling, encoding) on the train split, saved to "
                + preprocessingPath(lake.featuresTable(), version));
    }

    private Column[] outputColumns() {
        List<Column> columns = new ArrayList<>(List.of(FeatureFrames.modelInputColumns(spec)));
        columns.add(col(spec.labelColumn()));
        columns.add(col(FeatureSplits.SPLIT_COLUMN));
        return columns.toArray(Column[]::new);
    }

    private static void save(PipelineModel model, String path) {
        try {
            model.write().overwrite().save(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the fitted preprocessing to " + path + ": " + e.getMessage(), e);
        }
    }
}
