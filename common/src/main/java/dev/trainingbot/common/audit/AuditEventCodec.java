package dev.trainingbot.common.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.trainingbot.common.json.Json;
import java.io.IOException;

/** {@link AuditEvent} to and from the JSON bytes of {@code tg.audit}. Thread-safe. */
public final class AuditEventCodec {

    private final ObjectReader reader;
    private final ObjectWriter writer;

    public AuditEventCodec() {
        this(Json.mapper());
    }

    public AuditEventCodec(ObjectMapper mapper) {
        this.reader = mapper.readerFor(AuditEvent.class);
        this.writer = mapper.writerFor(AuditEvent.class);
    }

    public byte[] encode(AuditEvent event) {
        try {
            return writer.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode audit event " + event.eventId(), e);
        }
    }

    /**
     * Decodes one event.
     *
     * @throws MalformedAuditEventException when the bytes are not an audit event (not JSON, or a required field is
     *     missing or of the wrong type); the message says which
     */
    public AuditEvent decode(byte[] bytes) {
        try {
            return reader.readValue(bytes);
        } catch (IOException | RuntimeException e) {
            throw new MalformedAuditEventException(e);
        }
    }

    /** The bytes of {@code tg.audit} record are not an {@link AuditEvent}. */
    public static final class MalformedAuditEventException extends RuntimeException {
        MalformedAuditEventException(Throwable cause) {
            super("not an audit event: " + rootMessage(cause), cause);
        }

        private static String rootMessage(Throwable t) {
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String message = root.getMessage();
            return message == null
                    ? root.getClass().getSimpleName()
                    : message.lines().findFirst().orElse(message);
        }
    }
}
