package io.mlcycle.platform.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlcycle.common.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The real MLflow server the integration tests run against, named by system property {@value #URI_PROPERTY}, and a
 * plain HTTP reader that checks what the code under test stored without going through it.
 */
public final class MlflowTestServer {
    static final String URI_PROPERTY = "mlcycle.it.mlflow-uri";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private MlflowTestServer() {
    }

    public static URI uri() {
        String value = System.getProperty(URI_PROPERTY, "").strip();
        if (value.isEmpty()) {
            throw new IllegalStateException("Cannot run the MLflow integration tests: system property " + URI_PROPERTY
                    + " is not set. Run them with ./mlcycle test, which starts an MLflow server, or start one yourself"
                    + " (mlflow server --backend-store-uri sqlite:///PATH/mlflow.db --artifacts-destination PATH/artifacts"
                    + " --serve-artifacts --host 127.0.0.1 --port 5601) and pass -D" + URI_PROPERTY + "=http://127.0.0.1:5601");
        }
        return URI.create(value);
    }

    public static MlflowRestClient client() {
        return new MlflowRestClient(uri(), Secret.empty(), Secret.empty(), Duration.ofSeconds(30), RetryPolicy.ofAttempts(3));
    }

    /** A name no earlier test run used, since the server keeps what every run stored. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** {@code GET /api/2.0/mlflow/<endpoint>} read with a plain HTTP client; fails unless the answer is 200. */
    public static JsonNode read(String endpoint, Map<String, String> query) {
        String queryString = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI request = uri().resolve("/api/2.0/mlflow/" + endpoint + "?" + queryString);
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(request).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + request + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + request + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }
}
