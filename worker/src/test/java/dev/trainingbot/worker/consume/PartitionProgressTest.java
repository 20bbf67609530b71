package dev.trainingbot.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionProgressTest {

    private final PartitionProgress progress = new PartitionProgress(new TopicPartition("tg.updates", 0));

    @Test
    void nothingIsCommittableBeforeAnyRecord() {
        assertThat(progress.committable()).isEmpty();
    }

    @Test
    void commitStopsBelowTheLowestRecordStillInFlight() {
        for (long offset = 10; offset < 15; offset++) {
            progress.register(offset);
        }
        progress.done(10);
        progress.done(12);
        progress.done(13);

        // 11 is still in flight: 12 and 13 are done but must not be committed past it.
        assertThat(progress.committable()).hasValue(11);
    }

    @Test
    void whenEverythingIsDoneTheCommitIsOnePastTheLastRecord() {
        progress.register(5);
        progress.register(6);
        progress.done(6);
        progress.done(5);

        assertThat(progress.committable()).hasValue(7);
        assertThat(progress.inFlightCount()).isZero();
    }

    @Test
    void anOffsetIsOfferedOnceUntilItsCommitFails() {
        progress.register(1);
        progress.done(1);
        progress.committed(progress.committable().orElseThrow());

        assertThat(progress.committable()).isEmpty();

        progress.commitFailed(2);
        assertThat(progress.committable()).hasValue(2);
    }

    @Test
    void aFinalCommitIsOfferedTheDoneOffsetEvenWhileAnAsynchronousCommitOfItIsPending() {
        progress.register(1);
        progress.done(1);
        // Sent asynchronously, not acknowledged yet: it may still fail after the partition is gone.
        progress.committed(progress.committable().orElseThrow());

        assertThat(progress.committable()).isEmpty();
        assertThat(progress.doneBelow()).hasValue(2);
    }

    @Test
    void abandoningInterruptsTheThreadsStillWorkingOnThePartition() throws Exception {
        CountDownLatch working = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        Thread handler = Thread.ofVirtual().start(() -> {
            progress.startWorking();
            working.countDown();
            try {
                new CompletableFuture<Void>().get();
            } catch (InterruptedException e) {
                interrupted.complete(progress.revoked());
            } catch (ExecutionException e) {
                interrupted.completeExceptionally(e);
            } finally {
                progress.stopWorking();
            }
        });
        working.await();

        progress.abandon();

        assertThat(interrupted).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(true);
        handler.join();
    }

    @Test
    void completingARecordTwiceCountsOnce() {
        progress.register(1);
        progress.register(2);
        progress.done(1);
        progress.done(1);

        assertThat(progress.inFlightCount()).isEqualTo(1);
    }
}
