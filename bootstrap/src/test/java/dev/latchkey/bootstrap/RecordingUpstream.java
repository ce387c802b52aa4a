package dev.latchkey.bootstrap;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The application behind a gateway in the gateway tests: answers every request with 200 and
 * "upstream saw user U scopes S", and records each request exactly as it arrived (method, URI, every header, body),
 * for the test to check what the gateway let through.
 */
final class RecordingUpstream implements AutoCloseable {

    /** One request as the upstream received it; header names as the JDK's server gives them (case aside). */
    record Seen(String method, String uri, Map<String, List<String>> headers, String body) {

        /** Every value of {@code name}, compared without case; empty when absent. */
        List<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).toList();
        }

        /** The names of headers that are any spelling of Latchkey's identity headers (dash or underscore). */
        List<String> latchkeyHeaderNames() {
            return headers.keySet().stream()
                    .filter(name -> name.toLowerCase(Locale.ROOT).replace('_', '-').startsWith("x-latchkey-"))
                    .toList();
        }

        /** Whether {@code text} appears in any header name or value, or in the body. */
        boolean contains(String text) {
            return body.contains(text) || headers.entrySet().stream()
                    .anyMatch(e -> e.getKey().contains(text) || e.getValue().stream().anyMatch(v -> v.contains(text)));
        }

        @Override
        public String toString() {
            return method + " " + uri + "\n" + headers.entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n")) + "\n\n" + body;
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();

    private RecordingUpstream(HttpServer server) {
        this.server = server;
    }

    static RecordingUpstream start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        RecordingUpstream upstream = new RecordingUpstream(server);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = exchange.getRequestHeaders().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
            upstream.seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body));
            byte[] answer = ("upstream saw user " + exchange.getRequestHeaders().getFirst("X-Latchkey-User-Id")
                    + " scopes " + exchange.getRequestHeaders().getFirst("X-Latchkey-Scopes"))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return upstream;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The next request the upstream received (in order), waiting up to 10 s for it; fails when none came. */
    Seen next() throws InterruptedException {
        Seen next = seen.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("the upstream received no request");
        }
        return next;
    }

    /** The requests received and not yet taken by {@link #next()}, taken now. */
    List<Seen> drain() {
        List<Seen> rest = new java.util.ArrayList<>();
        seen.drainTo(rest);
        return rest;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
