package dev.trainingbot.testkit.telegram;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Files users sent the bot (documents), as Telegram keeps them: the bot learns a file's path with {@code getFile} and
 * downloads it from {@code /file/bot<token>/<file_path>}.
 */
final class UserFiles {

    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);

    /** Keeps {@code content}; returns its file id. */
    String store(byte[] content) {
        String id = "user-file-" + nextId.getAndIncrement();
        files.put(id, content.clone());
        return id;
    }

    Optional<byte[]> get(String fileId) {
        return Optional.ofNullable(files.get(fileId));
    }

    /** The {@code file_path} {@code getFile} answers for {@code fileId}. */
    static String path(String fileId) {
        return "documents/" + fileId;
    }

    /** The file id of a {@code file_path}, when it is one of {@link #path}'s. */
    static Optional<String> idOf(String filePath) {
        return filePath.startsWith("documents/")
                ? Optional.of(filePath.substring("documents/".length()))
                : Optional.empty();
    }
}
