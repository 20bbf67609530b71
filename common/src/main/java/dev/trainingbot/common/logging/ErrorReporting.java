package dev.trainingbot.common.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.trainingbot.common.config.Env;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.logback.SentryAppender;
import io.sentry.protocol.Message;
import io.sentry.protocol.SentryException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Error reporting to Sentry, on when {@code SENTRY_DSN} is set ({@code SENTRY_ENVIRONMENT}, default
 * {@code production}, names the environment): every ERROR log line, with its exception, becomes a Sentry event,
 * masked like the log ({@link LogMasking}) before it leaves. Without the variable nothing is started and nothing is
 * sent.
 */
public final class ErrorReporting {

    private ErrorReporting() {}

    /** Starts reporting if {@code SENTRY_DSN} is set; returns whether it did. */
    public static boolean install(Env env, String service) {
        Optional<String> dsn = env.get("SENTRY_DSN");
        // Read whether or not it is used, so that the variables a service reads do not depend on the DSN.
        String environment = env.get("SENTRY_ENVIRONMENT").orElse("production");
        if (dsn.isEmpty()) {
            return false;
        }
        LogMasking.register(dsn.get());
        Sentry.init(options -> {
            options.setDsn(dsn.get());
            options.setEnvironment(environment);
            options.setServerName(service);
            options.setTag("service", service);
            options.setSendDefaultPii(false);
            options.setBeforeSend((event, hint) -> masked(event));
        });
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        SentryAppender appender = new SentryAppender();
        appender.setContext(context);
        appender.setName("SENTRY");
        appender.setMinimumEventLevel(Level.ERROR);
        appender.setMinimumBreadcrumbLevel(Level.INFO);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        return true;
    }

    /** Sends what is queued, waiting at most {@code timeout} (at shutdown). */
    public static void flush(Duration timeout) {
        if (Sentry.isEnabled()) {
            Sentry.flush(timeout.toMillis());
        }
    }

    private static SentryEvent masked(SentryEvent event) {
        Message message = event.getMessage();
        if (message != null) {
            message.setMessage(LogMasking.mask(message.getMessage()));
            message.setFormatted(LogMasking.mask(message.getFormatted()));
        }
        if (event.getExceptions() != null) {
            for (SentryException exception : event.getExceptions()) {
                exception.setValue(LogMasking.mask(exception.getValue()));
            }
        }
        return event;
    }
}
