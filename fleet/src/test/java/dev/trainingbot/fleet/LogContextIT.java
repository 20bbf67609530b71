package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.trainingbot.testkit.telegram.TelegramUser;
import dev.trainingbot.worker.pipeline.TimingMiddleware;
import dev.trainingbot.worker.route.Handler;
import dev.trainingbot.worker.route.RouteExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

/**
 * The log lines of a handled update carry its {@code update_id} and {@code chat_id}, put in the MDC by the first
 * pipeline stage: a handler's own line and the pipeline's, as an operator greps for them.
 */
class LogContextIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String HANDLER_LOGGER = "dev.trainingbot.fleet.LogContextIT.note";
    private static final Logger timing = (Logger) LoggerFactory.getLogger(TimingMiddleware.class);
    private static final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private static final CapturedLines lines = new CapturedLines();
    private static Level timingLevel;
    private static FleetUnderTest fleet;

    /** Keeps each event with the MDC of the thread that logged it, which logback reads lazily otherwise. */
    private static final class CapturedLines extends ListAppender<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            super.append(event);
        }

        /** A copy; {@code doAppend} holds this appender's lock while it appends. */
        List<ILoggingEvent> snapshot() {
            synchronized (this) {
                return List.copyOf(list);
            }
        }
    }

    @BeforeAll
    static void start() throws Exception {
        lines.start();
        root.addAppender(lines);
        // The pipeline's "Handler … completed" line is DEBUG.
        timingLevel = timing.getLevel();
        timing.setLevel(Level.DEBUG);
        fleet = FleetUnderTest.builder().routes(note()).start();
    }

    @AfterAll
    static void stop() {
        try {
            if (fleet != null) {
                fleet.close();
            }
        } finally {
            timing.setLevel(timingLevel);
            root.detachAppender(lines);
        }
    }

    /** {@code /note <text>} logs the text at INFO from the handler, and answers {@code noted}. */
    private static RouteExtension note() {
        org.slf4j.Logger handlerLog = LoggerFactory.getLogger(HANDLER_LOGGER);
        return (routes, telegram) -> routes.command("note", Handler.of("note", context -> {
            handlerLog.info("noting '{}'", context.message().getText());
            telegram.send(
                    SendMessage.builder().chatId(context.chatId()).text("noted").build());
        }));
    }

    @Test
    void theLinesOfAHandledUpdateCarryItsUpdateIdAndChatId() {
        TelegramUser user = fleet.telegram.newUser("Logged", "en");

        long updateId = user.send("/note first day");

        user.awaitSent(1, WAIT);
        Map<String, String> context =
                Map.of("update_id", Long.toString(updateId), "chat_id", Long.toString(user.chatId()));
        ILoggingEvent handlerLine =
                await().atMost(WAIT).until(() -> line(HANDLER_LOGGER, "noting '/note first day'"), Objects::nonNull);
        ILoggingEvent pipelineLine = await().atMost(WAIT)
                .until(() -> line(TimingMiddleware.class.getName(), "Handler note completed"), Objects::nonNull);
        assertThat(handlerLine.getMDCPropertyMap()).containsAllEntriesOf(context);
        assertThat(pipelineLine.getMDCPropertyMap()).containsAllEntriesOf(context);
    }

    private static ILoggingEvent line(String logger, String starting) {
        return lines.snapshot().stream()
                .filter(event -> event.getLoggerName().equals(logger))
                .filter(event -> event.getFormattedMessage().startsWith(starting))
                .findFirst()
                .orElse(null);
    }
}
