package io.mlcycle.platform.mlflow;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP proxy in front of a real MLflow server that injects faults on chosen paths: answer an HTTP error without
 * forwarding, drop the connection without forwarding, or forward and then drop the connection instead of passing
 * the answer back (the server acted; the client never hears of it). Each fault applies to the next {@code times}
 * requests of its path ({@link #ALWAYS} for every one); other requests are forwarded unchanged. Every request is
 * recorded with what the proxy did to it.
 */
final class FaultProxy implements AutoCloseable {
    static final int ALWAYS = Integer.MAX_VALUE;
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade", "expect");

    enum Action { FORWARDED, ANSWERED_ERROR, DROPPED, FORWARDED_THEN_DROPPED }

    /** One request the proxy received: method, path (without query), when (System.nanoTime) and what it did. */
    record Request(String method, String path, long nanoTime, Action action) {}

    private record Fault(Action action, int status, int remaining) {}

    private final URI target;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, Fault> faults = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();

    FaultProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers the next {@code times} requests to MLflow endpoint {@code endpoint} (such as {@code runs/log-batch}) with {@code status}. */
    synchronized FaultProxy answer(String endpoint, int status, int times) {
        faults.put(path(endpoint), new Fault(Action.ANSWERED_ERROR, status, times));
        return this;
    }

    /** Closes the connection of the next {@code times} requests to {@code endpoint} without forwarding them. */
    synchronized FaultProxy drop(String endpoint, int times) {
        faults.put(path(endpoint), new Fault(Action.DROPPED, 0, times));
        return this;
    }

    /** Forwards the next {@code times} requests to {@code endpoint}, then closes the connection instead of answering. */
    synchronized FaultProxy forwardThenDrop(String endpoint, int times) {
        faults.put(path(endpoint), new Fault(Action.FORWARDED_THEN_DROPPED, 0, times));
        return this;
    }

    /** Forwards every request from now on. */
    synchronized FaultProxy heal() {
        faults.clear();
        return this;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests to one MLflow endpoint, such as {@code runs/log-batch}. */
    synchronized List<Request> requests(String endpoint) {
        String path = path(endpoint);
        return requests.stream().filter(request -> request.path().equals(path)).toList();
    }

    private static String path(String endpoint) {
        return "/api/2.0/mlflow/" + endpoint;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Fault fault = take(exchange.getRequestURI().getRawPath());
            record(exchange, fault.action());
            switch (fault.action()) {
                case ANSWERED_ERROR -> respond(exchange, fault.status(), "{\"error_code\":\"INTERNAL_ERROR\",\"message\":\"injected by FaultProxy\"}".getBytes(UTF_8));
                case DROPPED -> { }
                case FORWARDED_THEN_DROPPED -> forward(exchange, body);
                case FORWARDED -> {
                    HttpResponse<byte[]> response = forward(exchange, body);
                    response.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
                    respond(exchange, response.statusCode(), response.body());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The fault to apply to this request of {@code path}, counted down; forwarding when none is left. */
    private synchronized Fault take(String path) {
        Fault fault = faults.get(path);
        if (fault == null || fault.remaining() <= 0) {
            return new Fault(Action.FORWARDED, 0, 0);
        }
        int left = fault.remaining() == ALWAYS ? ALWAYS : fault.remaining() - 1;
        faults.put(path, new Fault(fault.action(), fault.status(), left));
        return fault;
    }

    private synchronized void record(HttpExchange exchange, Action action) {
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), System.nanoTime(), action));
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        URI uri = target.resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
