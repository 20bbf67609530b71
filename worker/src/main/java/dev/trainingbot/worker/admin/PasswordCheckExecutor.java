package dev.trainingbot.worker.admin;

import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs password checks on a few platform threads of their own, off the virtual threads that handle chats.
 *
 * <p>A bcrypt check is a quarter second of pure CPU at cost 12, with no point where a virtual thread could yield its
 * carrier: run on a chat's virtual thread, two checks at once would hold both carriers of a 2-core machine, and every
 * chat would wait for them. Here the chat's virtual thread waits for the check's result unmounted, and the carriers
 * stay free for the other chats; the operating system shares the cores.
 *
 * <p>Bounded both ways: at most {@code threads} checks run at once, at most {@code queue} wait for a thread, and a
 * check beyond that is refused at once ({@link #check} returns empty) rather than queued without bound — a flood of
 * login attempts costs the worker at most {@code threads} cores and a short queue.
 */
final class PasswordCheckExecutor implements AutoCloseable {

    private final ThreadPoolExecutor executor;

    /**
     * @param threads checks running at once ({@code ADMIN_BCRYPT_CONCURRENCY})
     * @param queue checks that may wait for a thread; 0 refuses any check while all threads are busy
     */
    PasswordCheckExecutor(int threads, int queue) {
        if (threads < 1 || queue < 0) {
            throw new IllegalArgumentException(
                    "password checks need threads >= 1 and queue >= 0, not threads=" + threads + ", queue=" + queue);
        }
        this.executor = new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.SECONDS,
                // A SynchronousQueue hands over only to an idle thread: "no queue" without refusing a free thread.
                queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue),
                Thread.ofPlatform()
                        .name("admin-password-check-", 1)
                        .daemon(true)
                        .factory(),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Runs {@code check} on one of the threads and waits for its result.
     *
     * @return the check's result, or empty when every thread is busy and the queue is full (nothing ran)
     * @throws InterruptedException when the waiting thread is interrupted; the check still runs to its end
     */
    Optional<Boolean> check(BooleanSupplier check) throws InterruptedException {
        Future<Boolean> result;
        try {
            result = executor.submit(check::getAsBoolean);
        } catch (RejectedExecutionException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(result.get());
        } catch (ExecutionException e) {
            throw new IllegalStateException("password check failed", e.getCause());
        }
    }

    /** Checks running now. */
    int running() {
        return executor.getActiveCount();
    }

    /** Checks waiting for a thread now. */
    int waiting() {
        return executor.getQueue().size();
    }

    /** Refuses new checks; those running or queued finish on their daemon threads. */
    @Override
    public void close() {
        executor.shutdown();
    }
}
