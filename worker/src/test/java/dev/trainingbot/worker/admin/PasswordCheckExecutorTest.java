package dev.trainingbot.worker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PasswordCheckExecutorTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void atMostTheConfiguredNumberOfChecksRunAtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        try (PasswordCheckExecutor checks = new PasswordCheckExecutor(2, 8);
                ExecutorService chats = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Optional<Boolean>>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(CompletableFuture.supplyAsync(
                        () -> uninterrupted(() -> checks.check(() -> {
                            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                            released(release);
                            running.decrementAndGet();
                            return true;
                        })),
                        chats));
            }
            await().atMost(WAIT).until(() -> checks.running() == 2 && checks.waiting() == 4);

            release.countDown();

            for (CompletableFuture<Optional<Boolean>> result : results) {
                assertThat(result.get()).hasValue(true);
            }
            assertThat(mostAtOnce).hasValue(2);
        }
    }

    @Test
    void aCheckBeyondTheQueueIsRefusedAtOnceAndNeverRuns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean refusedOneRan = new AtomicBoolean();
        try (PasswordCheckExecutor checks = new PasswordCheckExecutor(1, 1);
                ExecutorService chats = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Optional<Boolean>> first = CompletableFuture.supplyAsync(
                    () -> uninterrupted(() -> checks.check(() -> released(release))), chats);
            // One after the other: the first holds the only thread, the second takes the only place in the queue.
            await().atMost(WAIT).until(() -> checks.running() == 1);
            CompletableFuture<Optional<Boolean>> second =
                    CompletableFuture.supplyAsync(() -> uninterrupted(() -> checks.check(() -> true)), chats);
            await().atMost(WAIT).until(() -> checks.running() == 1 && checks.waiting() == 1);

            Optional<Boolean> third = checks.check(() -> refusedOneRan.getAndSet(true));

            assertThat(third).isEmpty();
            release.countDown();
            assertThat(first.get()).hasValue(true);
            assertThat(second.get()).hasValue(true);
            assertThat(refusedOneRan).isFalse();
        }
    }

    @Test
    void otherChatsAreServedWhileBcryptChecksKeepEveryCheckThreadBusy() throws Exception {
        // As many check threads as the virtual threads have carriers: run on the chats' virtual threads, these checks
        // would hold every carrier, and no other chat could run until they were done.
        int carriers = Runtime.getRuntime().availableProcessors();
        String hash = BCrypt.withDefaults().hashToString(12, "the admin password".toCharArray());
        PasswordHash password = PasswordHash.parse(hash);
        AtomicLong checksDoneAt = new AtomicLong(Long.MAX_VALUE);
        try (PasswordCheckExecutor checks = new PasswordCheckExecutor(carriers, 3 * carriers);
                ExecutorService chats = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Optional<Boolean>>> logins = new ArrayList<>();
            for (int i = 0; i < 4 * carriers; i++) {
                logins.add(CompletableFuture.supplyAsync(
                        () -> uninterrupted(() -> checks.check(() -> password.matches("a wrong guess"))), chats));
            }
            CompletableFuture.allOf(logins.toArray(CompletableFuture[]::new))
                    .thenRun(() -> checksDoneAt.set(System.nanoTime()));
            await().atMost(WAIT).until(() -> checks.running() == carriers);

            List<CompletableFuture<Long>> otherChats = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                otherChats.add(CompletableFuture.supplyAsync(System::nanoTime, chats));
            }
            long otherChatsDoneAt = 0;
            for (CompletableFuture<Long> chat : otherChats) {
                otherChatsDoneAt = Math.max(otherChatsDoneAt, chat.get());
            }

            assertThat(otherChatsDoneAt)
                    .as("the other chats ran before the checks were done")
                    .isLessThan(checksDoneAt.get());
            for (CompletableFuture<Optional<Boolean>> login : logins) {
                assertThat(login.get()).hasValue(false);
            }
        }
    }

    private static boolean released(CountDownLatch latch) {
        try {
            return latch.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Optional<Boolean> uninterrupted(Check check) {
        try {
            return check.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface Check {
        Optional<Boolean> run() throws InterruptedException;
    }
}
