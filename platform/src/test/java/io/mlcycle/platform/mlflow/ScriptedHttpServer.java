package io.mlcycle.platform.mlflow;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * An HTTP server that answers with a fixed script of status codes and bodies and records what it was sent. It
 * exercises the HTTP layer's retry, auth and error rules, which a healthy MLflow server never triggers; what
 * MLflow itself does is tested against a real server in the *IT classes.
 */
final class ScriptedHttpServer implements AutoCloseable {
    record Answer(int status, String body) {}

    private static final int DROP = -1;

    record Received(String method, String pathAndQuery, Optional<String> authorization, String body) {}

    private final HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Received> received = new ArrayList<>();

    ScriptedHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Answer answer;
            synchronized (this) {
                received.add(new Received(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath() + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                        Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")),
                        new String(exchange.getRequestBody().readAllBytes(), UTF_8)));
                answer = script.isEmpty() ? new Answer(500, "script exhausted") : script.removeFirst();
            }
            if (answer.status() == DROP) {
                // Closing before any response header: the client sent its request and sees the connection cut.
                exchange.close();
                return;
            }
            byte[] body = answer.body().getBytes(UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    synchronized ScriptedHttpServer answer(int status, String body) {
        script.addLast(new Answer(status, body));
        return this;
    }

    /** Reads the next request and closes the connection without answering, as a server that died mid-request. */
    synchronized ScriptedHttpServer drop() {
        script.addLast(new Answer(DROP, ""));
        return this;
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
