package dev.trainingbot.worker.consume;

import dev.trainingbot.worker.pipeline.InboundRecord;
import org.apache.kafka.common.header.Header;

/**
 * Handles one record on its chat's thread until it is done — then calls {@link Progress#done} — or until its
 * partition is revoked (it then gives the record up without marking it done, and the next owner handles it). Must
 * not throw.
 */
public interface RecordHandler {

    void process(InboundRecord record, Iterable<Header> headers, Progress progress);

    /** The record's standing with the consumer loop. */
    interface Progress {
        /** The record was handled, everything it produced acknowledged; its offset may be committed. */
        void done();

        /** The partition was revoked: stop at the next step, send nothing more. */
        boolean revoked();
    }
}
