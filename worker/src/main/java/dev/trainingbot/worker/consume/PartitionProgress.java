package dev.trainingbot.worker.consume;

import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one assigned partition that are in flight, and the offset that may be committed: the lowest offset
 * still in flight, or one past the last record polled when none is — every record below it is done. A record is
 * done when it was handled (or dead-lettered) and everything it produced was acknowledged.
 *
 * <p>{@link #register}, {@link #committable} and {@link #doneBelow} are called by the poll thread only; {@link #done}
 * by the handling threads. Once {@linkplain #revoke() revoked}, records not yet started are abandoned (another worker
 * will handle them from the last commit) and later completions are ignored.
 */
final class PartitionProgress {

    private final TopicPartition partition;
    private final ConcurrentSkipListSet<Long> inFlight = new ConcurrentSkipListSet<>();
    private final AtomicInteger count = new AtomicInteger();
    private final Set<Thread> working = ConcurrentHashMap.newKeySet();
    private long nextOffset = -1;
    private long committed = -1;
    private volatile boolean revoked;

    PartitionProgress(TopicPartition partition) {
        this.partition = partition;
    }

    TopicPartition partition() {
        return partition;
    }

    void register(long offset) {
        inFlight.add(offset);
        count.incrementAndGet();
        nextOffset = offset + 1;
    }

    void done(long offset) {
        if (inFlight.remove(offset)) {
            count.decrementAndGet();
        }
    }

    int inFlightCount() {
        return count.get();
    }

    /** The offset below which every record is done; empty before the first record was polled. */
    OptionalLong doneBelow() {
        if (nextOffset < 0) {
            return OptionalLong.empty();
        }
        Long lowest = inFlight.ceiling(Long.MIN_VALUE);
        return OptionalLong.of(lowest == null ? nextOffset : lowest);
    }

    /**
     * {@link #doneBelow()} if it moved past the last offset sent for commit — for the periodic asynchronous commits,
     * which need not repeat themselves. A final commit uses {@link #doneBelow()}: an asynchronous commit still on its
     * way may yet fail.
     */
    OptionalLong committable() {
        OptionalLong candidate = doneBelow();
        return candidate.isPresent() && candidate.getAsLong() > committed ? candidate : OptionalLong.empty();
    }

    void committed(long offset) {
        committed = Math.max(committed, offset);
    }

    /** A commit of {@code offset} failed: allow it to be committed again. */
    void commitFailed(long offset) {
        if (committed == offset) {
            committed = -1;
        }
    }

    void revoke() {
        revoked = true;
    }

    /** The calling thread handles a record of this partition until {@link #stopWorking()}. */
    void startWorking() {
        working.add(Thread.currentThread());
    }

    void stopWorking() {
        working.remove(Thread.currentThread());
    }

    /**
     * Revokes, and interrupts the threads still handling records of this partition: a record waiting for its turn
     * under the flood limits, for an acknowledgement, or in a retry backoff, is given up before it sends anything its
     * next owner will send again. (An interrupt without the revocation is not a reason to give up a record.)
     */
    void abandon() {
        revoke();
        working.forEach(Thread::interrupt);
    }

    boolean revoked() {
        return revoked;
    }
}
