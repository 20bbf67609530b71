package dev.trainingbot.common.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.trainingbot.common.config.HttpSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face every long-running service shows: {@code /healthz} (the process is alive: 200, else 503),
 * {@code /readyz} (its dependencies answer and it is not draining: 200, else 503, with one line per check) and
 * {@code /metrics} (Prometheus text format), plus the routes a service adds (the ingress's webhook). Each exchange runs
 * on its own virtual thread.
 */
public final class HttpEndpoints implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpEndpoints.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicBoolean draining = new AtomicBoolean();

    private HttpEndpoints(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving.
     *
     * @param alive whether the service's own loops still run; {@code /healthz} answers 503 when not
     * @param checks what {@code /readyz} runs, in order
     * @param routes further handlers by path prefix
     */
    public static HttpEndpoints start(
            HttpSettings settings,
            PrometheusMeterRegistry metrics,
            BooleanSupplier alive,
            List<Probe.Check> checks,
            Map<String, HttpHandler> routes)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 1024);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        HttpEndpoints endpoints = new HttpEndpoints(server, executor);
        server.createContext("/healthz", exchange -> {
            boolean up = alive.getAsBoolean();
            respond(exchange, up ? 200 : 503, "text/plain", up ? "ok\n" : "down\n");
        });
        server.createContext("/readyz", exchange -> endpoints.ready(exchange, checks));
        server.createContext(
                "/metrics",
                exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        routes.forEach(server::createContext);
        server.start();
        log.info("serving HTTP on {}:{}", settings.host(), server.getAddress().getPort());
        return endpoints;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** From now on {@code /readyz} answers 503, so load balancers stop sending traffic before shutdown. */
    public void drain() {
        draining.set(true);
    }

    private void ready(HttpExchange exchange, List<Probe.Check> checks) throws IOException {
        List<Probe> probes = new ArrayList<>();
        for (Probe.Check check : checks) {
            probes.add(check.run());
        }
        boolean ok = !draining.get() && probes.stream().allMatch(Probe::ok);
        StringBuilder body = new StringBuilder(ok ? "ready\n" : draining.get() ? "draining\n" : "not ready\n");
        for (Probe probe : probes) {
            body.append(probe.ok() ? "✓ " : "✗ ")
                    .append(probe.name())
                    .append(": ")
                    .append(probe.detail())
                    .append('\n');
        }
        respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", body.toString());
    }

    /** Writes a whole response and closes the exchange. */
    public static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Headers as a plain map, first value of each. */
    public static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.isEmpty() ? "" : v.getFirst()));
        return headers;
    }

    /** Stops accepting, gives open exchanges up to {@code grace} to finish, then stops. */
    public void close(Duration grace) {
        server.stop((int) Math.max(0, grace.toSeconds()));
        executor.shutdownNow();
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }
}
