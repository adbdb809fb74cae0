package io.mlcycle.common.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Where runs are recorded: params, metrics, tags, dataset inputs and artifacts. MLflow in production (jobs module). */
public interface ExperimentTracker {
    enum RunStatus { FINISHED, FAILED, KILLED }

    /** Run tag that holds why a run started by {@link #inRun} ended FAILED. */
    String FAILURE_REASON_TAG = "mlcycle.failure_reason";
    /** The longest failure reason kept in the tag (MLflow refuses run tag values above 5000 characters in older servers). */
    int MAX_FAILURE_REASON_CHARS = 5000;

    /** The work done inside a run, given the run's id. */
    @FunctionalInterface
    interface RunBody<T> {
        T apply(String runId);
    }

    /** The id of the named experiment, created when it does not exist yet. */
    String experimentId(String experimentName);

    /** Starts a run and returns its id. */
    String startRun(String experimentId, String runName, Map<String, String> tags);

    void logParams(String runId, Map<String, String> params);

    void logMetrics(String runId, Map<String, Double> metrics);

    void setTags(String runId, Map<String, String> tags);

    /**
     * Records the datasets the run read (MLflow's {@code runs/log-inputs}), each with its context as tag
     * {@code mlflow.data.context}. Logging the same dataset (name and digest) again in the same context adds nothing.
     */
    void logInputs(String runId, List<DatasetInput> inputs);

    /** Uploads every file below {@code localDir} to the run's artifacts under {@code artifactPath}. */
    void uploadArtifacts(String runId, Path localDir, String artifactPath);

    /** The URI of the run's artifact root, such as {@code mlflow-artifacts:/1/<run-id>/artifacts}. */
    String artifactUri(String runId);

    void endRun(String runId, RunStatus status);

    /**
     * Starts a run, runs {@code body} inside it and always ends the run: FINISHED when the body returns, FAILED with
     * the reason in tag {@value #FAILURE_REASON_TAG} when it throws. Ending a failed run is best effort: each of the two
     * calls is tried (with the tracker's own retries) even when the other failed, and what failed is attached to the
     * body's exception as suppressed, which is what is rethrown. A run is only left RUNNING when the tracker cannot be
     * reached at all after the body failed, or when ending a successful run fails (that failure is thrown).
     */
    default <T> T inRun(String experimentId, String runName, Map<String, String> tags, RunBody<T> body) {
        String runId = startRun(experimentId, runName, tags);
        T result;
        try {
            result = body.apply(runId);
        } catch (RuntimeException | Error failure) {
            endFailed(runId, failure);
            throw failure;
        }
        endRun(runId, RunStatus.FINISHED);
        return result;
    }

    /** Tags the run with why it failed and ends it FAILED; failures of either call are added to {@code cause} as suppressed. */
    default void endFailed(String runId, Throwable cause) {
        try {
            setTags(runId, Map.of(FAILURE_REASON_TAG, failureReason(cause)));
        } catch (RuntimeException suppressed) {
            cause.addSuppressed(suppressed);
        }
        try {
            endRun(runId, RunStatus.FAILED);
        } catch (RuntimeException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    /** {@code cause}'s message (its class name when it has none), cut to {@value #MAX_FAILURE_REASON_CHARS} characters. */
    static String failureReason(Throwable cause) {
        String message = cause.getMessage();
        String reason = message == null || message.isBlank() ? cause.getClass().getName() : message;
        return reason.length() <= MAX_FAILURE_REASON_CHARS ? reason : reason.substring(0, MAX_FAILURE_REASON_CHARS - 3) + "...";
    }
}
