package dev.trainingbot.worker.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Stage 1: puts {@code update_id} and {@code chat_id} in the MDC for every log line of the update, and records how
 * long the update took ({@code worker.handler}, by handler and outcome), how much of that was the worker's own work
 * rather than waiting for Telegram ({@code worker.pipeline.own}), and what became of it ({@code worker.updates}, by
 * kind and outcome). No Redis or database calls.
 */
public final class TimingMiddleware implements Middleware {

    private static final Logger log = LoggerFactory.getLogger(TimingMiddleware.class);

    private final MeterRegistry metrics;
    private final LongSupplier telegramNanos;
    private final Timer own;

    /**
     * @param telegramNanos the nanoseconds the calling thread has spent in Bot API calls so far (a running total; the
     *     stage takes differences)
     */
    public TimingMiddleware(MeterRegistry metrics, LongSupplier telegramNanos) {
        this.metrics = metrics;
        this.telegramNanos = telegramNanos;
        this.own = Timer.builder("worker.pipeline.own")
                .description("Time an update spent in the pipeline apart from its Bot API calls and their flood-limit"
                        + " waits: the worker's own work with its Redis and PostgreSQL round trips")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(20_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(metrics);
    }

    @Override
    public String name() {
        return "timing";
    }

    @Override
    public void handle(UpdateContext context, Next next) throws Exception {
        MDC.put("update_id", Long.toString(context.updateId()));
        MDC.put("chat_id", Long.toString(context.chatId()));
        long telegramBefore = telegramNanos.getAsLong();
        try {
            next.proceed(context);
            long nanos = System.nanoTime() - context.startedNanos();
            own.record(nanos - (telegramNanos.getAsLong() - telegramBefore), TimeUnit.NANOSECONDS);
            String outcome = context.outcome().wireName();
            Timer.builder("worker.handler")
                    .description("Time to handle an update, by handler and outcome")
                    .tag("handler", context.handler())
                    .tag("outcome", outcome)
                    .publishPercentileHistogram()
                    .register(metrics)
                    .record(nanos, TimeUnit.NANOSECONDS);
            Counter.builder("worker.updates")
                    .description("Updates handled, by kind and outcome")
                    .tag("kind", context.kind())
                    .tag("outcome", outcome)
                    .register(metrics)
                    .increment();
            if (log.isDebugEnabled()) {
                log.debug(
                        "Handler {} completed in {} µs ({})",
                        context.handler(),
                        nanos / 1_000,
                        outcome.toLowerCase(Locale.ROOT));
            }
        } finally {
            MDC.remove("update_id");
            MDC.remove("chat_id");
        }
    }
}
