package dev.trainingbot.worker.pipeline;

/**
 * One stage of the {@link Pipeline}. A middleware does its work, then calls {@code next} to run the stages after it
 * (or does not, to stop the update there), then may do more work once they returned — the FSM stage loads state
 * before and saves it after.
 */
public interface Middleware {

    /** The stage's name in metrics and in the documented order. */
    String name();

    /**
     * Starts the reads this stage will need, before any stage runs, so that round trips independent of the stages
     * outside it overlap theirs instead of following them; {@link #handle} awaits what this started. A read started
     * here for an update that an outer stage stops is wasted, never acted on: only reads belong here, no writes.
     */
    default void prefetch(UpdateContext context) {}

    void handle(UpdateContext context, Next next) throws Exception;

    /** The rest of the pipeline. */
    @FunctionalInterface
    interface Next {
        void proceed(UpdateContext context) throws Exception;
    }
}
