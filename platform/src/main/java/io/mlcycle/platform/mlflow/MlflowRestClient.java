package io.mlcycle.platform.mlflow;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.mlcycle.common.config.MlflowSettings;
import io.mlcycle.common.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP layer between mlcycle and an MLflow tracking server: its REST API ({@code /api/2.0/mlflow/...})
 * and its artifact proxy ({@code /api/2.0/mlflow-artifacts/artifacts/...}).
 *
 * <p>Every request carries the configured timeout and, when a username or password is set, HTTP basic auth.
 * Connection failures, 429 and 5xx answers are retried with exponential backoff up to the policy's attempts.
 * A request that creates something on every call ({@link Idempotency#NOT_IDEMPOTENT}) is retried only when the
 * server cannot have acted on it (the connection was never made, or it answered 429), so a retry never
 * creates a second run or model version. What is left fails as an {@link MlflowException} whose message never
 * holds the credentials.
 */
public final class MlflowRestClient {
    private static final Logger LOG = LoggerFactory.getLogger(MlflowRestClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REST_PREFIX = "api/2.0/mlflow/";
    private static final String ARTIFACTS_PREFIX = "api/2.0/mlflow-artifacts/artifacts";
    private static final int MAX_ERROR_BODY_CHARS = 500;
    private static final int COPY_BUFFER_BYTES = 64 * 1024;

    /** Whether sending a request twice leaves the server as sending it once would. */
    public enum Idempotency {
        /** Reads, updates, uploads, and creates of uniquely named things (a repeat fails as already existing). */
        IDEMPOTENT,
        /** Each call creates something new, such as a run or a model version. */
        NOT_IDEMPOTENT
    }

    /** One entry of an artifact directory listing: a file with its size, or a subdirectory. */
    record ArtifactEntry(String name, boolean isDirectory, long fileSize) {
        ArtifactEntry {
            requireNonNull(name, "name is null");
        }
    }

    private final URI baseUri;
    private final Optional<String> authorization;
    private final Duration requestTimeout;
    private final RetryPolicy retryPolicy;
    private final HttpClient http;

    public MlflowRestClient(URI trackingUri, Secret username, Secret password, Duration requestTimeout, RetryPolicy retryPolicy) {
        this.baseUri = baseUri(requireNonNull(trackingUri, "trackingUri is null"));
        this.authorization = basicAuthorization(requireNonNull(username, "username is null"), requireNonNull(password, "password is null"));
        this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout is null");
        this.retryPolicy = requireNonNull(retryPolicy, "retryPolicy is null");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(requestTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public static MlflowRestClient create(MlflowSettings settings) {
        return new MlflowRestClient(
                settings.trackingUri(),
                settings.username(),
                settings.password(),
                settings.requestTimeout(),
                RetryPolicy.ofAttempts(settings.maxAttempts()));
    }

    /** The server's address, without any user info. */
    public URI trackingUri() {
        return baseUri;
    }

    /** How often a failed request is tried; callers that repeat a whole operation (see the registry) follow it too. */
    RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** {@code GET /api/2.0/mlflow/<endpoint>?<query>}, such as {@code get("runs/get", Map.of("run_id", id))}. */
    public JsonNode get(String endpoint, Map<String, String> query) {
        URI uri = baseUri.resolve(REST_PREFIX + endpoint + queryString(query));
        return parseJson(uri, exchangeBytes(Call.withoutBody("GET", uri)));
    }

    /** {@code POST /api/2.0/mlflow/<endpoint>} with {@code body} as JSON. */
    public JsonNode post(String endpoint, Object body, Idempotency idempotency) {
        return sendJson("POST", endpoint, body, idempotency);
    }

    /** {@code DELETE /api/2.0/mlflow/<endpoint>} with {@code body} as JSON. */
    public JsonNode delete(String endpoint, Object body) {
        return sendJson("DELETE", endpoint, body, Idempotency.IDEMPOTENT);
    }

    /** The entries directly below {@code proxyPath}; empty when nothing is stored there. */
    List<ArtifactEntry> listArtifacts(String proxyPath) {
        URI uri = baseUri.resolve(ARTIFACTS_PREFIX + queryString(Map.of("path", proxyPath)));
        JsonNode answer = parseJson(uri, exchangeBytes(Call.withoutBody("GET", uri)));
        List<ArtifactEntry> entries = new ArrayList<>();
        for (JsonNode file : answer.path("files")) {
            String name = file.path("path").asText("");
            if (name.isEmpty()) {
                throw new MlflowException(MlflowErrorCategory.INVALID_RESPONSE,
                        "Cannot read the artifact listing of " + proxyPath + " from " + uri + ": an entry has no path: " + file);
            }
            entries.add(new ArtifactEntry(name, file.path("is_dir").asBoolean(false), file.path("file_size").asLong(-1)));
        }
        return List.copyOf(entries);
    }

    /** Stores the bytes of {@code file} at {@code proxyPath}, replacing what is there. */
    void uploadArtifact(String proxyPath, Path file) {
        BodyPublisher body;
        try {
            body = BodyPublishers.ofFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot upload " + file + " to MLflow: it cannot be read", e);
        }
        URI uri = baseUri.resolve(ARTIFACTS_PREFIX + "/" + encodePath(proxyPath));
        exchange(new Call("PUT", uri, Optional.of(body), "application/octet-stream", Idempotency.IDEMPOTENT), response -> response.readAllBytes());
    }

    /** Writes the artifact at {@code proxyPath} to {@code target}, replacing it, and returns the bytes written. */
    long downloadArtifact(String proxyPath, Path target) {
        URI uri = baseUri.resolve(ARTIFACTS_PREFIX + "/" + encodePath(proxyPath));
        return exchange(Call.withoutBody("GET", uri), response -> copyToFile(response, target));
    }

    private JsonNode sendJson(String method, String endpoint, Object body, Idempotency idempotency) {
        URI uri = baseUri.resolve(REST_PREFIX + endpoint);
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write the body of " + method + " " + uri + " as JSON: " + e.getOriginalMessage(), e);
        }
        return parseJson(uri, exchangeBytes(new Call(method, uri, Optional.of(BodyPublishers.ofByteArray(json)), "application/json", idempotency)));
    }

    private byte[] exchangeBytes(Call call) {
        return exchange(call, InputStream::readAllBytes);
    }

    /** Reads a successful answer's body; an IOException from it is a network failure, so local I/O must throw unchecked. */
    @FunctionalInterface
    private interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    private <T> T exchange(Call call, BodyReader<T> reader) {
        for (int attempt = 1; ; attempt++) {
            Failure failure;
            try {
                HttpResponse<InputStream> response = http.send(request(call), BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    if (response.statusCode() / 100 == 2) {
                        return reader.read(body);
                    }
                    failure = Failure.ofAnswer(response.statusCode(), readErrorBody(body));
                }
            } catch (IOException e) {
                failure = Failure.ofTransport(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MlflowException(MlflowErrorCategory.UNREACHABLE, call + " was interrupted", e);
            }
            if (attempt >= retryPolicy.maxAttempts() || !failure.isRetryable(call.idempotency())) {
                throw failure.toException(call, attempt, baseUri);
            }
            Duration backoff = retryPolicy.backoffAfter(attempt);
            LOG.warn("MLflow call {} failed ({}), attempt {} of {}; retrying in {} ms",
                    call, failure.summary(), attempt, retryPolicy.maxAttempts(), backoff.toMillis());
            pause(call, backoff);
        }
    }

    private HttpRequest request(Call call) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(call.uri())
                .timeout(requestTimeout)
                .header("User-Agent", "mlcycle")
                .method(call.method(), call.body().orElse(BodyPublishers.noBody()));
        call.body().ifPresent(body -> builder.header("Content-Type", call.contentType()));
        authorization.ifPresent(value -> builder.header("Authorization", value));
        return builder.build();
    }

    private static JsonNode parseJson(URI uri, byte[] body) {
        if (body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new MlflowException(MlflowErrorCategory.INVALID_RESPONSE,
                    "Cannot read the answer of " + uri + " as JSON: " + abbreviate(new String(body, UTF_8))
                            + ". Check that mlcycle.mlflow.tracking-uri points at an MLflow tracking server.", e);
        }
    }

    private static long copyToFile(InputStream body, Path target) throws IOException {
        long written = 0;
        OutputStream out = openLocal(target);
        try {
            byte[] buffer = new byte[COPY_BUFFER_BYTES];
            for (int read = body.read(buffer); read != -1; read = body.read(buffer)) {
                writeLocal(out, buffer, read, target);
                written += read;
            }
        } finally {
            closeLocal(out, target);
        }
        return written;
    }

    private static OutputStream openLocal(Path target) {
        try {
            return Files.newOutputStream(target);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the downloaded artifact to " + target, e);
        }
    }

    private static void writeLocal(OutputStream out, byte[] buffer, int length, Path target) {
        try {
            out.write(buffer, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the downloaded artifact to " + target, e);
        }
    }

    private static void closeLocal(OutputStream out, Path target) {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the downloaded artifact to " + target, e);
        }
    }

    private static String readErrorBody(InputStream body) throws IOException {
        return new String(body.readNBytes(MAX_ERROR_BODY_CHARS * 4), UTF_8);
    }

    private static void pause(Call call, Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowException(MlflowErrorCategory.UNREACHABLE, call + " was interrupted while waiting to retry", e);
        }
    }

    private static URI baseUri(URI trackingUri) {
        String path = trackingUri.getPath() == null || trackingUri.getPath().isEmpty() ? "/" : trackingUri.getPath();
        try {
            return new URI(trackingUri.getScheme(), null, trackingUri.getHost(), trackingUri.getPort(),
                    path.endsWith("/") ? path : path + "/", null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Cannot use MLflow tracking URI " + trackingUri + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> basicAuthorization(Secret username, Secret password) {
        if (username.isEmpty() && password.isEmpty()) {
            return Optional.empty();
        }
        String credentials = username.reveal() + ":" + password.reveal();
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(UTF_8)));
    }

    private static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        return query.entrySet().stream()
                .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
                .collect(Collectors.joining("&", "?", ""));
    }

    private static String encodePath(String path) {
        return Arrays.stream(path.split("/")).map(MlflowRestClient::encode).collect(Collectors.joining("/"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, UTF_8).replace("+", "%20");
    }

    static String abbreviate(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_ERROR_BODY_CHARS ? oneLine : oneLine.substring(0, MAX_ERROR_BODY_CHARS) + "...";
    }

    private record Call(String method, URI uri, Optional<BodyPublisher> body, String contentType, Idempotency idempotency) {
        static Call withoutBody(String method, URI uri) {
            return new Call(method, uri, Optional.empty(), "", Idempotency.IDEMPOTENT);
        }

        @Override
        public String toString() {
            return method + " " + uri;
        }
    }

    /** Why one attempt failed: no answer (a transport error) or an answer with an error status. */
    private record Failure(Optional<IOException> transportError, int status, String body) {
        static Failure ofTransport(IOException error) {
            return new Failure(Optional.of(error), 0, "");
        }

        static Failure ofAnswer(int status, String body) {
            return new Failure(Optional.empty(), status, body);
        }

        boolean isRetryable(Idempotency idempotency) {
            boolean idempotent = idempotency == Idempotency.IDEMPOTENT;
            if (transportError.isPresent()) {
                return idempotent || neverReachedServer(transportError.get());
            }
            return status == 429 || (idempotent && status / 100 == 5);
        }

        /** The connection was never made, so the server cannot have acted on the request. */
        private static boolean neverReachedServer(IOException error) {
            return error instanceof ConnectException || error instanceof HttpConnectTimeoutException;
        }

        String summary() {
            return transportError.map(Failure::describe).orElse("HTTP " + status);
        }

        private static String describe(IOException error) {
            String message = error.getMessage();
            String name = error.getClass().getSimpleName();
            return message == null || message.isBlank() ? name : name + ": " + message;
        }

        MlflowException toException(Call call, int attempts, URI server) {
            String tries = attempts == 1 ? "1 attempt" : attempts + " attempts";
            if (transportError.isPresent()) {
                return new MlflowException(MlflowErrorCategory.UNREACHABLE,
                        "Cannot reach the MLflow tracking server at " + server + ": " + call + " failed after " + tries
                                + " (" + summary() + "). Start it with ./mlcycle stack up or check mlcycle.mlflow.tracking-uri.",
                        transportError.get());
            }
            ErrorBody error = ErrorBody.parse(body);
            MlflowErrorCategory category = category(error);
            String after = attempts == 1 ? "" : " after " + tries;
            return new MlflowException(category,
                    "MLflow call " + call + " failed" + after + " with HTTP " + status + error.describe() + "." + hint(category, error, server));
        }

        private MlflowErrorCategory category(ErrorBody error) {
            if (status == 403 && error.isHostCheck()) {
                return MlflowErrorCategory.REJECTED;
            }
            if (status == 401 || status == 403) {
                return MlflowErrorCategory.UNAUTHORIZED;
            }
            if (status == 404 || error.code().equals("RESOURCE_DOES_NOT_EXIST")) {
                return MlflowErrorCategory.NOT_FOUND;
            }
            if (error.code().equals("RESOURCE_ALREADY_EXISTS")) {
                return MlflowErrorCategory.ALREADY_EXISTS;
            }
            return status == 429 || status / 100 == 5 ? MlflowErrorCategory.SERVER_ERROR : MlflowErrorCategory.REJECTED;
        }

        private static String hint(MlflowErrorCategory category, ErrorBody error, URI server) {
            return switch (category) {
                case UNAUTHORIZED -> " Check mlcycle.mlflow.username and mlcycle.mlflow.password"
                        + " (MLFLOW_TRACKING_USERNAME, MLFLOW_TRACKING_PASSWORD).";
                case SERVER_ERROR -> " See the MLflow server's log.";
                case REJECTED -> error.isHostCheck()
                        ? " The server does not accept the host name " + server.getHost()
                                + ": start it with --allowed-hosts listing it, or use an address it allows."
                        : "";
                default -> "";
            };
        }
    }

    /** MLflow's error answer: {@code {"error_code": "...", "message": "..."}}, or any other text. */
    private record ErrorBody(String code, String message) {
        static ErrorBody parse(String body) {
            try {
                JsonNode json = JSON.readTree(body);
                if (json != null && json.isObject() && json.has("error_code")) {
                    return new ErrorBody(json.path("error_code").asText(""), json.path("message").asText(""));
                }
            } catch (IOException e) {
                // Not JSON: a proxy's or the web framework's own page. Report its text.
            }
            return new ErrorBody("", abbreviate(body));
        }

        boolean isHostCheck() {
            return message.contains("Invalid Host header");
        }

        String describe() {
            String text = abbreviate(message).replaceAll("\\.+$", "");
            if (code.isEmpty()) {
                return text.isEmpty() ? "" : ": " + text;
            }
            return " " + code + (text.isEmpty() ? "" : ": " + text);
        }
    }
}
