package io.mlcycle.common.io;

import java.nio.file.Path;
import java.util.Map;

/** Where runs are recorded: params, metrics, tags and artifacts. MLflow in production (jobs module). */
public interface ExperimentTracker {
    enum RunStatus { FINISHED, FAILED, KILLED }

    /** The id of the named experiment, created when it does not exist yet. */
    String experimentId(String experimentName);

    /** Starts a run and returns its id. */
    String startRun(String experimentId, String runName, Map<String, String> tags);

    void logParams(String runId, Map<String, String> params);

    void logMetrics(String runId, Map<String, Double> metrics);

    void setTags(String runId, Map<String, String> tags);

    /** Uploads every file below {@code localDir} to the run's artifacts under {@code artifactPath}. */
    void uploadArtifacts(String runId, Path localDir, String artifactPath);

    /** The URI of the run's artifact root, such as {@code mlflow-artifacts:/1/<run-id>/artifacts}. */
    String artifactUri(String runId);

    void endRun(String runId, RunStatus status);
}
