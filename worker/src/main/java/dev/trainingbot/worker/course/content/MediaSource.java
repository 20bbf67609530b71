package dev.trainingbot.worker.course.content;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a lesson's media comes from: a file beside the content file, or an https URL Telegram fetches. */
public sealed interface MediaSource {

    /**
     * What identifies this media to the file_id cache: a local file by path, size and modification time (a changed
     * file is uploaded again), a URL by itself.
     */
    String identity() throws IOException;

    /** The name shown for it in logs and errors. */
    String name();

    record LocalFile(Path path) implements MediaSource {
        @Override
        public String identity() throws IOException {
            return "file:" + path + "|" + Files.size(path) + "|"
                    + Files.getLastModifiedTime(path).toMillis();
        }

        @Override
        public String name() {
            return path.getFileName().toString();
        }
    }

    record Url(URI url) implements MediaSource {
        @Override
        public String identity() {
            return "url:" + url;
        }

        @Override
        public String name() {
            return url.toString();
        }
    }
}
