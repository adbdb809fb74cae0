package io.mlcycle.cli.benchmark;

import io.mlcycle.cli.CliError;
import io.mlcycle.cli.CliException;
import io.mlcycle.platform.mlflow.MlflowException;
import io.mlcycle.platform.mlflow.MlflowRestClient;
import java.net.URI;
import java.util.Map;

/** The MLflow tracking server the benchmark's train stages log to: the local stack's, or one elsewhere that must answer. */
final class TrackingServer {
    private TrackingServer() {}

    /** Whether {@code trackingUri} is the local stack's MLflow server ({@code 127.0.0.1} or {@code localhost} on its port). */
    static boolean isLocalStack(URI trackingUri, int stackMlflowPort) {
        String host = trackingUri.getHost();
        return ("127.0.0.1".equals(host) || "localhost".equals(host)) && trackingUri.getPort() == stackMlflowPort;
    }

    /** Fails with what to do when the server does not answer a search of experiments (which also checks the credentials). */
    static void requireReachable(MlflowRestClient client) {
        try {
            client.post("experiments/search", Map.of("max_results", 1), MlflowRestClient.Idempotency.IDEMPOTENT);
        } catch (MlflowException e) {
            throw new CliException(CliError.SERVICE_NOT_READY, "Cannot benchmark training: the MLflow tracking server "
                    + client.trackingUri() + " (mlcycle.mlflow.tracking-uri) does not answer, and the train job logs every run there ("
                    + e.getMessage() + "). Start that server, point mlcycle.mlflow.tracking-uri at one that runs (the local stack's"
                    + " is started by the benchmark itself), or leave train out of --stages.", e);
        }
    }
}
