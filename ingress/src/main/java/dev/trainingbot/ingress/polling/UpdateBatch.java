package dev.trainingbot.ingress.polling;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a {@code getUpdates} answer into the raw bytes of each update, exactly as Telegram sent them, so the
 * ingress forwards the same bytes in polling mode as in webhook mode.
 */
final class UpdateBatch {

    private static final JsonFactory JSON = new JsonFactory();

    private UpdateBatch() {}

    /** The updates of {@code {"ok":true,"result":[…]}}, each its own byte array, in order. */
    static List<byte[]> split(byte[] response) throws IOException {
        List<byte[]> updates = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(response)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("getUpdates answer is not a JSON object");
            }
            boolean sawResult = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!"result".equals(field)) {
                    parser.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw new IOException("getUpdates result is not an array");
                }
                sawResult = true;
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    int end = (int) parser.currentLocation().getByteOffset();
                    updates.add(Arrays.copyOfRange(response, start, end));
                }
            }
            if (!sawResult) {
                throw new IOException("getUpdates answer has no result");
            }
        }
        return updates;
    }
}
