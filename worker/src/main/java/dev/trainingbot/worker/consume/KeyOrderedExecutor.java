package dev.trainingbot.worker.consume;

import dev.trainingbot.common.kafka.ChatKey;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks strictly in submission order per {@link ChatKey} and concurrently across keys: each key with work has
 * one virtual thread draining its queue, which ends when the queue is empty. So a slow chat (a Telegram call waiting
 * 50 ms) holds up only itself, and idle chats cost nothing.
 *
 * <p>The executor does not bound its queues; the consumer does, by pausing partitions when too many records are in
 * flight.
 */
final class KeyOrderedExecutor {

    private static final Logger log = LoggerFactory.getLogger(KeyOrderedExecutor.class);

    // A key's queue holds its running task at the head; the key is present exactly while a drainer runs for it.
    private final ConcurrentHashMap<ChatKey, ArrayDeque<Runnable>> queues = new ConcurrentHashMap<>();
    private final ThreadFactory threads = Thread.ofVirtual().name("chat-", 0).factory();

    void submit(ChatKey key, Runnable task) {
        boolean[] startDrainer = {false};
        queues.compute(key, (k, queue) -> {
            if (queue == null) {
                queue = new ArrayDeque<>();
                startDrainer[0] = true;
            }
            queue.add(task);
            return queue;
        });
        if (startDrainer[0]) {
            threads.newThread(() -> drain(key)).start();
        }
    }

    /** How many chats have work queued or running. */
    int activeKeys() {
        return queues.size();
    }

    private void drain(ChatKey key) {
        Runnable task = head(key);
        while (task != null) {
            try {
                task.run();
            } catch (Throwable e) {
                // Tasks handle their own failures; reaching here is a bug, and the chat must still move on.
                log.error("task of chat {} failed unexpectedly", key, e);
            }
            task = next(key);
        }
    }

    private Runnable head(ChatKey key) {
        Runnable[] head = {null};
        queues.computeIfPresent(key, (k, queue) -> {
            head[0] = queue.peek();
            return queue;
        });
        return head[0];
    }

    /** Removes the finished head; returns the next task, or null after removing the empty queue. */
    private Runnable next(ChatKey key) {
        Runnable[] next = {null};
        queues.computeIfPresent(key, (k, queue) -> {
            queue.poll();
            if (queue.isEmpty()) {
                return null;
            }
            next[0] = queue.peek();
            return queue;
        });
        return next[0];
    }
}
