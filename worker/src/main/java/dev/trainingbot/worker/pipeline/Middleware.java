package dev.trainingbot.worker.pipeline;

/**
 * One stage of the {@link Pipeline}. A middleware does its work, then calls {@code next} to run the stages after it
 * (or does not, to stop the update there), then may do more work once they returned — the FSM stage loads state
 * before and saves it after.
 */
public interface Middleware {

    /** The stage's name in metrics and in the documented order. */
    String name();

    void handle(UpdateContext context, Next next) throws Exception;

    /** The rest of the pipeline. */
    @FunctionalInterface
    interface Next {
        void proceed(UpdateContext context) throws Exception;
    }
}
