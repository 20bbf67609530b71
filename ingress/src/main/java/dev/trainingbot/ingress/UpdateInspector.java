package dev.trainingbot.ingress;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.trainingbot.common.kafka.ChatKey;
import java.io.IOException;

/**
 * Finds an update's id and ordering key with a streaming parser, without building the update: the payload's
 * {@code chat.id} ({@code message}, {@code my_chat_member}, …), else the chat of the payload's {@code message}
 * ({@code callback_query}), else {@code from.id} or {@code user.id} ({@code inline_query}, {@code poll_answer}, …).
 *
 * <p>It reads the whole body token by token, so a body that is not well-formed JSON is refused here, at the edge,
 * rather than dead-lettered by a worker; values it does not need are skipped, never materialised. Thread-safe.
 */
public final class UpdateInspector {

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * @throws MalformedUpdateException naming what is wrong, when the body is not JSON, is not an object, or has no
     *     non-negative integer {@code update_id}
     * @throws UnroutableUpdateException when the update is well-formed but has neither chat nor user
     */
    public InspectedUpdate inspect(byte[] body) throws MalformedUpdateException, UnroutableUpdateException {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedUpdateException("body is not a JSON object");
            }
            long updateId = -1;
            Ids ids = new Ids();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("update_id".equals(field)) {
                    if (value != JsonToken.VALUE_NUMBER_INT || parser.getLongValue() < 0) {
                        throw new MalformedUpdateException("update_id is not a non-negative integer");
                    }
                    updateId = parser.getLongValue();
                } else if (value == JsonToken.START_OBJECT) {
                    readPayload(parser, ids);
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new MalformedUpdateException("unexpected content after the update object");
            }
            if (updateId < 0) {
                throw new MalformedUpdateException("update has no update_id");
            }
            Long key = ids.key();
            if (key == null) {
                throw new UnroutableUpdateException(updateId, "update " + updateId + " has neither chat nor user");
            }
            return new InspectedUpdate(updateId, new ChatKey(key));
        } catch (JsonProcessingException e) {
            throw new MalformedUpdateException("body is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedUpdateException("body cannot be read: " + e.getMessage(), e);
        }
    }

    /** Reads one payload object ({@code message}, {@code callback_query}, …), the parser on its START_OBJECT. */
    private static void readPayload(JsonParser parser, Ids ids) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            switch (field) {
                case "chat" -> ids.chat = firstNonNull(ids.chat, readId(parser));
                case "from" -> ids.from = firstNonNull(ids.from, readId(parser));
                case "user" -> ids.user = firstNonNull(ids.user, readId(parser));
                case "message" -> ids.messageChat = firstNonNull(ids.messageChat, readChatOfMessage(parser));
                default -> parser.skipChildren();
            }
        }
    }

    /** The {@code chat.id} of a nested message, the parser on the message's START_OBJECT. */
    private static Long readChatOfMessage(JsonParser parser) throws IOException {
        Long chat = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("chat".equals(field) && value == JsonToken.START_OBJECT) {
                chat = readId(parser);
            } else {
                parser.skipChildren();
            }
        }
        return chat;
    }

    /** The integer {@code id} of an object, the parser on its START_OBJECT; null when it has none. */
    private static Long readId(JsonParser parser) throws IOException {
        Long id = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("id".equals(field) && value == JsonToken.VALUE_NUMBER_INT) {
                id = parser.getLongValue();
            } else {
                parser.skipChildren();
            }
        }
        return id;
    }

    private static Long firstNonNull(Long current, Long candidate) {
        return current != null ? current : candidate;
    }

    private static final class Ids {
        Long chat;
        Long messageChat;
        Long from;
        Long user;

        Long key() {
            if (chat != null) {
                return chat;
            }
            if (messageChat != null) {
                return messageChat;
            }
            return from != null ? from : user;
        }
    }
}
