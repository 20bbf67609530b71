package dev.trainingbot.testkit.telegram;

/** A file the bot sent with {@code sendDocument}. */
public record Document(String fileId, String fileName, String mimeType, byte[] content) {

    public String contentAsText() {
        return new String(content, java.nio.charset.StandardCharsets.UTF_8);
    }
}
