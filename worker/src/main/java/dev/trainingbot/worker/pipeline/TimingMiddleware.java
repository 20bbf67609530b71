package dev.trainingbot.worker.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Stage 1: puts {@code update_id} and {@code chat_id} in the MDC for every log line of the update, and records how
 * long the update took ({@code worker.handler}, by handler and outcome) and what became of it
 * ({@code worker.updates}, by kind and outcome). No Redis or database calls.
 */
public final class TimingMiddleware implements Middleware {

    private static final Logger log = LoggerFactory.getLogger(TimingMiddleware.class);

    private final MeterRegistry metrics;

    public TimingMiddleware(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return "timing";
    }

    @Override
    public void handle(UpdateContext context, Next next) throws Exception {
        MDC.put("update_id", Long.toString(context.updateId()));
        MDC.put("chat_id", Long.toString(context.chatId()));
        try {
            next.proceed(context);
            long nanos = System.nanoTime() - context.startedNanos();
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
