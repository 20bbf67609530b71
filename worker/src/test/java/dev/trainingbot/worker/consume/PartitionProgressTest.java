package dev.trainingbot.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

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
    void completingARecordTwiceCountsOnce() {
        progress.register(1);
        progress.register(2);
        progress.done(1);
        progress.done(1);

        assertThat(progress.inFlightCount()).isEqualTo(1);
    }
}
