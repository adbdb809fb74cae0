package io.mlcycle.jobs.train;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.jobs.BuildInfo;
import io.mlcycle.platform.delta.Lineage;
import io.mlcycle.platform.tracking.ResolvedConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags every training run carries, so that any model can be traced to its data, code and configuration: the git
 * commit and whether the checkout had uncommitted changes, the mlcycle, Java and Spark versions, the dataset and the
 * Delta table version trained on, and (with {@link #of(String, String, DatasetSpec, Lineage.TableVersion, BuildInfo,
 * ResolvedConfig, long)}) the hash of the resolved configuration and the seed of every random choice.
 */
public final class RunTags {
    /** Tag of the seed the run's random choices (splits, algorithms, tuning) were drawn with. */
    public static final String SEED_TAG = "mlcycle.seed";

    private RunTags() {}

    /** The tags of a run without its configuration hash and seed (see the overload that takes them). */
    public static Map<String, String> of(String stage, String runName, DatasetSpec spec, Lineage.TableVersion data, BuildInfo build) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("mlflow.runName", runName);
        tags.put("mlflow.source.name", "mlcycle " + stage);
        tags.put("mlflow.source.git.commit", build.gitCommit());
        tags.put("mlcycle.git.dirty", String.valueOf(build.dirty()));
        tags.put("mlcycle.version", BuildInfo.mlcycleVersion());
        tags.put("mlcycle.stage", stage);
        tags.put("mlcycle.dataset", spec.name());
        tags.put("mlcycle.data.table", data.table());
        tags.put("mlcycle.data.version", String.valueOf(data.version()));
        tags.put("mlcycle.java.version", System.getProperty("java.version"));
        tags.put("mlcycle.spark.version", org.apache.spark.package$.MODULE$.SPARK_VERSION());
        return tags;
    }

    /** Every tag of {@link #of(String, String, DatasetSpec, Lineage.TableVersion, BuildInfo)} plus {@value ResolvedConfig#HASH_TAG} and {@value #SEED_TAG}. */
    public static Map<String, String> of(String stage, String runName, DatasetSpec spec, Lineage.TableVersion data, BuildInfo build,
            ResolvedConfig config, long seed) {
        Map<String, String> tags = of(stage, runName, spec, data, build);
        tags.put(ResolvedConfig.HASH_TAG, requireNonNull(config, "config is null").hash());
        tags.put(SEED_TAG, String.valueOf(seed));
        return tags;
    }
}
