package dev.trainingbot.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.sun.net.httpserver.HttpServer;
import dev.trainingbot.common.config.Env;
import io.sentry.Sentry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ErrorReportingTest {

    private HttpServer sentry;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        Sentry.close();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender("SENTRY");
        if (sentry != null) {
            sentry.stop(0);
        }
    }

    @Test
    void withoutADsnNothingIsReported() {
        assertThat(ErrorReporting.install(Env.of(Map.of()), "worker")).isFalse();
        assertThat(Sentry.isEnabled()).isFalse();
    }

    @Test
    void anErrorIsReportedToSentryWithSecretsMasked() throws IOException {
        sentry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sentry.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
            try (InputStream in =
                    gzip ? new GZIPInputStream(new ByteArrayInputStream(body)) : new ByteArrayInputStream(body)) {
                received.add(exchange.getRequestURI().getPath() + "\n"
                        + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        sentry.start();
        String dsn = "http://publickey@127.0.0.1:" + sentry.getAddress().getPort() + "/42";
        assertThat(ErrorReporting.install(Env.of(Map.of("SENTRY_DSN", dsn)), "worker"))
                .isTrue();

        LoggerFactory.getLogger("dev.trainingbot.worker.Test")
                .error(
                        "cannot reach https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getMe",
                        new IllegalStateException("token 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw refused"));
        ErrorReporting.flush(Duration.ofSeconds(5));

        assertThat(received)
                .anySatisfy(request -> assertThat(request)
                        .startsWith("/api/42/envelope/")
                        .contains("cannot reach https://api.telegram.org/bot****/getMe")
                        .contains("IllegalStateException")
                        .doesNotContain("AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"));
    }
}
