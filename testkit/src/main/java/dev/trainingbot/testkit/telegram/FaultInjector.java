package dev.trainingbot.testkit.telegram;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults a test asks the emulator to inject, per method: a latency added to every call, failures answered instead of
 * the next calls (5xx, or 429 with {@code retry_after}), and answers lost after the next calls took effect.
 * Deterministic: the next N calls fail, in order.
 */
final class FaultInjector {

    private record Failure(int status, int retryAfter) {}

    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final Map<String, Deque<Failure>> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> lost = new ConcurrentHashMap<>();

    void delay(String method, Duration delay) {
        if (delay.isZero()) {
            delays.remove(method);
        } else {
            delays.put(method, delay);
        }
    }

    void fail(String method, int times, int status, int retryAfter) {
        Deque<Failure> queue = failures.computeIfAbsent(method, m -> new ArrayDeque<>());
        synchronized (queue) {
            for (int i = 0; i < times; i++) {
                queue.add(new Failure(status, retryAfter));
            }
        }
    }

    void loseAnswers(String method, int times) {
        lost.computeIfAbsent(method, m -> new AtomicInteger()).addAndGet(times);
    }

    void clear() {
        delays.clear();
        failures.clear();
        lost.clear();
    }

    /** After a call of {@code method} took effect: throws 502 instead of its answer while answers are to be lost. */
    void afterEffect(String method) {
        AtomicInteger left = lost.get(method);
        if (left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ApiError(502, "Bad Gateway");
        }
    }

    /** Waits the method's latency, then throws the next injected failure, if any. */
    void apply(String method) throws InterruptedException {
        Duration delay = delays.get(method);
        if (delay != null) {
            Thread.sleep(delay);
        }
        Deque<Failure> queue = failures.get(method);
        if (queue == null) {
            return;
        }
        Failure failure;
        synchronized (queue) {
            failure = queue.poll();
        }
        if (failure == null) {
            return;
        }
        if (failure.status() == 429) {
            throw ApiError.tooManyRequests(failure.retryAfter());
        }
        throw new ApiError(
                failure.status(),
                switch (failure.status()) {
                    case 500 -> "Internal Server Error";
                    case 502 -> "Bad Gateway";
                    case 503 -> "Service Unavailable";
                    case 400 -> "Bad Request: injected failure";
                    case 403 -> "Forbidden: bot was blocked by the user";
                    default -> "Injected failure";
                });
    }
}
