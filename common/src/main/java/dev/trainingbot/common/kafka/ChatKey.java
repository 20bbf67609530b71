package dev.trainingbot.common.kafka;

import java.nio.charset.StandardCharsets;

/**
 * The ordering key of the fleet: the chat an update belongs to (the user, for updates without a chat), as the decimal
 * string that is the Kafka record key. Updates with the same key are handled one at a time, in order; updates with
 * different keys may run concurrently.
 */
public record ChatKey(long id) {

    public static ChatKey parse(byte[] recordKey) {
        if (recordKey == null) {
            throw new IllegalArgumentException("record has no key");
        }
        try {
            return new ChatKey(Long.parseLong(new String(recordKey, StandardCharsets.US_ASCII)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("record key is not a chat id", e);
        }
    }

    public byte[] toBytes() {
        return Long.toString(id).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return Long.toString(id);
    }
}
