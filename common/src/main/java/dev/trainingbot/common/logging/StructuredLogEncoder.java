package dev.trainingbot.common.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The fleet's one log format: a JSON object per line ({@code format=json}, the default) with {@code ts}, {@code level},
 * {@code logger}, {@code thread}, {@code msg}, every MDC entry (a handled update carries {@code update_id} and
 * {@code chat_id}) and {@code error}; or the same fields as a readable line ({@code format=text}) for a terminal.
 * Secrets are masked in the message and the stack trace ({@link LogMasking}).
 */
public final class StructuredLogEncoder extends EncoderBase<ILoggingEvent> {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter TEXT_TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private static final byte[] NO_BYTES = new byte[0];

    private boolean text;

    /** {@code json} or {@code text}; set from {@code LOG_FORMAT} in {@code logback.xml}. */
    public void setFormat(String format) {
        this.text = "text".equalsIgnoreCase(format);
    }

    @Override
    public byte[] headerBytes() {
        return NO_BYTES;
    }

    @Override
    public byte[] footerBytes() {
        return NO_BYTES;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        String message = LogMasking.mask(event.getFormattedMessage());
        IThrowableProxy thrown = event.getThrowableProxy();
        String error = thrown == null ? null : LogMasking.mask(ThrowableProxyUtil.asString(thrown));
        return text ? encodeText(event, message, error) : encodeJson(event, message, error);
    }

    private byte[] encodeJson(ILoggingEvent event, String message, String error) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField(
                    "ts", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            json.writeStringField("level", event.getLevel().toString());
            json.writeStringField("logger", event.getLoggerName());
            json.writeStringField("thread", event.getThreadName());
            json.writeStringField("msg", message);
            for (Map.Entry<String, String> entry : event.getMDCPropertyMap().entrySet()) {
                json.writeStringField(entry.getKey(), LogMasking.mask(entry.getValue()));
            }
            if (error != null) {
                json.writeStringField("error", error);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private byte[] encodeText(ILoggingEvent event, String message, String error) {
        StringBuilder line = new StringBuilder(160)
                .append(TEXT_TIME.format(Instant.ofEpochMilli(event.getTimeStamp())))
                .append(' ')
                .append(String.format("%-5s", event.getLevel()))
                .append(' ')
                .append(shortName(event.getLoggerName()))
                .append(" - ")
                .append(message);
        for (Map.Entry<String, String> entry : event.getMDCPropertyMap().entrySet()) {
            line.append(' ').append(entry.getKey()).append('=').append(LogMasking.mask(entry.getValue()));
        }
        line.append(System.lineSeparator());
        if (error != null) {
            line.append(error).append(System.lineSeparator());
        }
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String shortName(String logger) {
        int dot = logger.lastIndexOf('.');
        return dot < 0 ? logger : logger.substring(dot + 1);
    }
}
