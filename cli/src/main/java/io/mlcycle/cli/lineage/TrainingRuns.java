package io.mlcycle.cli.lineage;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlcycle.common.config.MlflowSettings;
import io.mlcycle.platform.delta.DeltaCommitLog;
import io.mlcycle.platform.mlflow.MlflowException;
import io.mlcycle.platform.mlflow.MlflowRestClient;
import io.mlcycle.platform.mlflow.MlflowRestClient.Idempotency;
import io.mlcycle.platform.mlflow.RetryPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The MLflow runs that trained on one Delta table version: runs whose tags {@code mlcycle.data.table} and
 * {@code mlcycle.data.version} name it (see the jobs' {@code RunTags}), in every experiment of the tracking server.
 */
public final class TrainingRuns {
    private static final int PAGE_SIZE = 1000;

    /** One MLflow run: its id, name, experiment and status. */
    public record Run(String runId, String runName, String experimentId, String status) {
        public Run {
            requireNonNull(runId, "runId is null");
            requireNonNull(runName, "runName is null");
            requireNonNull(experimentId, "experimentId is null");
            requireNonNull(status, "status is null");
        }
    }

    /** The runs found, or why none could be searched ({@code note}, one line): the listing never fails the command. */
    public record Search(List<Run> runs, Optional<String> note) {
        public Search {
            runs = List.copyOf(runs);
            requireNonNull(note, "note is null");
        }
    }

    private final MlflowRestClient client;

    public TrainingRuns(MlflowRestClient client) {
        this.client = requireNonNull(client, "client is null");
    }

    /** A search with one attempt per request: a server that is down is noted at once rather than retried. */
    public static TrainingRuns create(MlflowSettings settings) {
        return new TrainingRuns(new MlflowRestClient(settings.trackingUri(), settings.username(), settings.password(),
                settings.requestTimeout(), RetryPolicy.ofAttempts(1)));
    }

    /** The runs tagged with {@code table} (an absolute local path) at {@code version}. */
    public Search using(String table, long version) {
        try {
            return new Search(search(experimentIds(), table, version), Optional.empty());
        } catch (MlflowException e) {
            return new Search(List.of(), Optional.of("MLflow runs not searched: " + firstLine(e.getMessage())));
        }
    }

    private List<String> experimentIds() {
        List<String> ids = new ArrayList<>();
        String pageToken = "";
        do {
            JsonNode page = client.post("experiments/search", body(Map.of("max_results", PAGE_SIZE), pageToken), Idempotency.IDEMPOTENT);
            page.path("experiments").forEach(experiment -> ids.add(experiment.path("experiment_id").asText()));
            pageToken = page.path("next_page_token").asText("");
        } while (!pageToken.isEmpty());
        return ids;
    }

    private List<Run> search(List<String> experimentIds, String table, long version) {
        List<Run> runs = new ArrayList<>();
        if (experimentIds.isEmpty()) {
            return runs;
        }
        // The version is filtered by the server; the table here, because one table can be written as a path or a file: URI.
        Map<String, Object> query = Map.of(
                "experiment_ids", experimentIds,
                "filter", "tags.`mlcycle.data.version` = '" + version + "'",
                "max_results", PAGE_SIZE);
        String pageToken = "";
        do {
            JsonNode page = client.post("runs/search", body(query, pageToken), Idempotency.IDEMPOTENT);
            for (JsonNode run : page.path("runs")) {
                Map<String, String> tags = tags(run.path("data").path("tags"));
                String tagged = tags.getOrDefault("mlcycle.data.table", "");
                if (!tagged.isEmpty() && DeltaCommitLog.sameLocation(tagged, table)) {
                    JsonNode info = run.path("info");
                    runs.add(new Run(info.path("run_id").asText(), tags.getOrDefault("mlflow.runName", info.path("run_name").asText("")),
                            info.path("experiment_id").asText(), info.path("status").asText("")));
                }
            }
            pageToken = page.path("next_page_token").asText("");
        } while (!pageToken.isEmpty());
        return runs;
    }

    private static Map<String, Object> body(Map<String, Object> query, String pageToken) {
        Map<String, Object> body = new LinkedHashMap<>(query);
        if (!pageToken.isEmpty()) {
            body.put("page_token", pageToken);
        }
        return body;
    }

    private static Map<String, String> tags(JsonNode tags) {
        Map<String, String> values = new LinkedHashMap<>();
        tags.forEach(tag -> values.put(tag.path("key").asText(), tag.path("value").asText()));
        return values;
    }

    private static String firstLine(String message) {
        int newline = message == null ? -1 : message.indexOf('\n');
        return message == null ? "no message" : newline < 0 ? message : message.substring(0, newline);
    }
}
