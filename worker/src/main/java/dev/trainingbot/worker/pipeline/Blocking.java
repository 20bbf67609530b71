package dev.trainingbot.worker.pipeline;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Waits for an asynchronous client call on the current (virtual) thread and rethrows its failure as it was, not
 * wrapped, so that the consumer can sort it (a Redis timeout, a conversation conflict).
 */
public final class Blocking {

    private Blocking() {}

    public static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
