package dev.trainingbot.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.common.kafka.ChatKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyOrderedExecutorTest {

    private final KeyOrderedExecutor executor = new KeyOrderedExecutor();

    @Test
    void tasksOfOneChatRunInSubmissionOrderAndNeverOverlap() {
        ChatKey chat = new ChatKey(1);
        List<Integer> ran = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        for (int i = 0; i < 200; i++) {
            int n = i;
            executor.submit(chat, () -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                Thread.yield();
                ran.add(n);
                running.decrementAndGet();
            });
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 200);
        assertThat(ran).isSorted();
        assertThat(maxRunning).hasValue(1);
    }

    @Test
    void aSlowChatDoesNotHoldUpAnother() throws InterruptedException {
        CountDownLatch otherChatRan = new CountDownLatch(1);
        CountDownLatch slowChatFinished = new CountDownLatch(1);
        executor.submit(new ChatKey(1), () -> {
            try {
                // Finishes only once the other chat has run: proves they run at the same time.
                otherChatRan.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            slowChatFinished.countDown();
        });
        executor.submit(new ChatKey(2), otherChatRan::countDown);

        assertThat(slowChatFinished.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aFailingTaskDoesNotStopItsChat() {
        ChatKey chat = new ChatKey(3);
        List<String> ran = new CopyOnWriteArrayList<>();
        executor.submit(chat, () -> {
            throw new IllegalStateException("bug");
        });
        executor.submit(chat, () -> ran.add("after"));

        await().atMost(Duration.ofSeconds(5)).until(() -> ran.contains("after"));
    }

    @Test
    void anIdleChatCostsNothingAndWakesForNewWork() {
        ChatKey chat = new ChatKey(4);
        List<String> ran = new CopyOnWriteArrayList<>();
        executor.submit(chat, () -> ran.add("first"));
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.activeKeys() == 0);

        executor.submit(chat, () -> ran.add("second"));

        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 2);
        assertThat(ran).containsExactly("first", "second");
    }
}
