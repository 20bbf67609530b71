package dev.trainingbot.common.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Header names of the topic contracts, and typed access to them. */
public final class RecordHeaders {

    /** On {@code tg.updates}: when the ingress received the update, epoch milliseconds as 8 big-endian bytes. */
    public static final String RECEIVED_AT = "received-at";

    /** On {@code tg.updates.dlq}: the failure's exception class, its message, and how many attempts were made. */
    public static final String ERROR_CLASS = "error-class";

    public static final String ERROR_MESSAGE = "error-message";
    public static final String ATTEMPTS = "attempts";

    /** On {@code tg.updates.dlq}: where the record came from, for draining it back. */
    public static final String SOURCE_TOPIC = "source-topic";

    public static final String SOURCE_PARTITION = "source-partition";
    public static final String SOURCE_OFFSET = "source-offset";

    /**
     * On {@code tg.updates.dlq}: the update's fields whose values were replaced because they carried a secret (the
     * admin password).
     */
    public static final String REDACTED = "redacted";

    private RecordHeaders() {}

    public static byte[] longValue(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    public static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    public static Optional<Long> readLong(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null || header.value().length != Long.BYTES) {
            return Optional.empty();
        }
        return Optional.of(ByteBuffer.wrap(header.value()).getLong());
    }

    public static Optional<String> readText(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null
                ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }
}
