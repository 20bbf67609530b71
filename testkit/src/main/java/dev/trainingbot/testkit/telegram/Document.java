package dev.trainingbot.testkit.telegram;

/**
 * A file the bot sent: with {@code sendDocument}, or as a photo, video, animation, audio or voice note.
 *
 * @param kind the Bot API field it came in: {@code document}, {@code photo}, {@code video}, {@code animation},
 *     {@code audio} or {@code voice}
 */
public record Document(String kind, String fileId, String fileName, String mimeType, byte[] content) {

    public String contentAsText() {
        return new String(content, java.nio.charset.StandardCharsets.UTF_8);
    }
}
