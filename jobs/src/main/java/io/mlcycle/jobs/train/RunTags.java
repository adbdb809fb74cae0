package io.mlcycle.jobs.train;

import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.jobs.BuildInfo;
import io.mlcycle.jobs.delta.Lineage;
import java.util.LinkedHashMap;
import java.util.Map;

/** The tags every training run carries, so that any model can be traced to its data and code. */
public final class RunTags {
    private RunTags() {}

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
}
