package dev.trainingbot.worker.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The worker's middleware chain, in DESIGN.md's order. As built by {@code Worker}:
 *
 * <table>
 *   <caption>stage, its work before and after the stages inside it</caption>
 *   <tr><th>stage</th><th>before</th><th>after</th></tr>
 *   <tr><td>timing</td><td>1. timer started, MDC (update id, chat id)</td><td>latency recorded, MDC cleared</td></tr>
 *   <tr><td>audit</td><td>—</td><td>8. audit event produced (acknowledged before commit)</td></tr>
 *   <tr><td>guard</td><td>2. dedupe, 3. throttle and ban: one Redis script</td>
 *       <td>dedupe mark, sent once the audit event is acknowledged</td></tr>
 *   <tr><td>fsm</td><td>4. conversation loaded (read started beside the guard's script)</td>
 *       <td>7. conversation saved (version checked)</td></tr>
 *   <tr><td>user</td><td>5. user registered / last seen (cached)</td><td>—</td></tr>
 *   <tr><td>router</td><td>6. handler chosen and run</td><td>—</td></tr>
 * </table>
 *
 * <p>The audit stage wraps the guard so that throttled and banned updates are audited too; a stage that stops the
 * update (a duplicate, a throttled user) skips the stages inside it, not those around it. {@code PipelineOrderTest}
 * pins this order, and the constructor refuses any other. Each stage's time, including the stages inside it, is the timer {@code worker.pipeline.stage}.
 */
public final class Pipeline {

    /** DESIGN.md's middleware order as stage names, outermost first. */
    public static final List<String> ORDER = List.of("timing", "audit", "guard", "fsm", "user", "router");

    private final List<Middleware> stages;
    private final List<Timer> timers;

    /**
     * @throws IllegalArgumentException when {@code stages} are not exactly {@link #ORDER}: the order is part of the
     *     design, not of the wiring
     */
    public Pipeline(List<Middleware> stages, MeterRegistry metrics) {
        List<String> names = stages.stream().map(Middleware::name).toList();
        if (!names.equals(ORDER)) {
            throw new IllegalArgumentException(
                    "pipeline stages " + names + " are not in the documented order " + ORDER);
        }
        this.stages = List.copyOf(stages);
        this.timers = this.stages.stream()
                .map(stage -> Timer.builder("worker.pipeline.stage")
                        .description("Time spent in a pipeline stage and the stages inside it")
                        .tag("stage", stage.name())
                        .publishPercentileHistogram()
                        .register(metrics))
                .toList();
    }

    /** The stages' names, outermost first. */
    public List<String> names() {
        return stages.stream().map(Middleware::name).toList();
    }

    /** Lets every stage start its reads ({@link Middleware#prefetch}), then runs the stages in order. */
    public void handle(UpdateContext context) throws Exception {
        for (Middleware stage : stages) {
            stage.prefetch(context);
        }
        proceed(0, context);
    }

    private void proceed(int index, UpdateContext context) throws Exception {
        if (index == stages.size()) {
            return;
        }
        long started = System.nanoTime();
        try {
            stages.get(index).handle(context, next -> proceed(index + 1, next));
        } finally {
            timers.get(index).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }
}
