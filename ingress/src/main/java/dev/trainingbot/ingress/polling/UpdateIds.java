package dev.trainingbot.ingress.polling;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Optional;

/** Reads just the {@code update_id} of an update that could not be routed, to confirm it past. */
final class UpdateIds {

    private static final JsonFactory JSON = new JsonFactory();

    private UpdateIds() {}

    static Optional<Long> idOf(byte[] raw) {
        try (JsonParser parser = JSON.createParser(raw)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("update_id".equals(field) && value == JsonToken.VALUE_NUMBER_INT) {
                    return Optional.of(parser.getLongValue());
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
