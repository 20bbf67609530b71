package dev.trainingbot.worker.route;

import dev.trainingbot.worker.pipeline.UpdateContext;

/** Handles one kind of update (a command, a button, a message in a conversation state). */
public interface Handler {

    /** The handler's name in metrics, logs and audit events. */
    String name();

    void handle(UpdateContext context) throws Exception;

    /** A handler named {@code name} doing {@code body}. */
    static Handler of(String name, Body body) {
        return new Handler() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void handle(UpdateContext context) throws Exception {
                body.handle(context);
            }
        };
    }

    /** What a handler does. */
    @FunctionalInterface
    interface Body {
        void handle(UpdateContext context) throws Exception;
    }
}
