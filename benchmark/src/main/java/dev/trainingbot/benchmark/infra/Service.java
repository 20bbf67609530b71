package dev.trainingbot.benchmark.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A running service process and its HTTP port ({@code /readyz}, {@code /metrics}). */
public final class Service {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ChildProcess process;
    private final int port;

    Service(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public ChildProcess process() {
        return process;
    }

    public String name() {
        return process.name();
    }

    /** Whether {@code /readyz} answers 200: the service and the dependencies it checks are up. */
    public boolean ready() {
        try {
            return get("/readyz").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The Prometheus text of {@code /metrics}. */
    public String scrape() throws IOException {
        HttpResponse<String> response = get("/metrics");
        if (response.statusCode() != 200) {
            throw new IOException(name() + " /metrics answered " + response.statusCode());
        }
        return response.body();
    }

    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready()) {
            if (!process.alive()) {
                throw new IllegalStateException(name() + " exited at start; see " + process.log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        name() + " not ready after " + timeout.toSeconds() + " s; see " + process.log());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name(), e);
            }
        }
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return process.toString();
    }
}
