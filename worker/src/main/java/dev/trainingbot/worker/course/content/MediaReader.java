package dev.trainingbot.worker.course.content;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Reads a lesson's media — {@code media: {photo: files/map.png, caption: …}}, one of the {@link MediaKind} keys, or
 * the older {@code file: {path: …, caption: …}}, a document — and checks it as Telegram would: a local file exists,
 * is not empty and is within the kind's upload limit; a URL is https; a caption has at most {@value #MAX_CAPTION}
 * characters in every language. Each problem names the place, the lesson and the file.
 */
final class MediaReader {

    static final int MAX_CAPTION = 1024;
    private static final String KINDS =
            Arrays.stream(MediaKind.values()).map(MediaKind::key).collect(Collectors.joining(", "));

    private final Path folder;
    private final List<String> problems;
    private final BiFunction<JsonNode, String, Localized> localized;
    private final String lesson;

    MediaReader(
            Path contentFile, List<String> problems, BiFunction<JsonNode, String, Localized> localized, String lesson) {
        this.folder = contentFile.toAbsolutePath().getParent();
        this.problems = problems;
        this.localized = localized;
        this.lesson = lesson;
    }

    /** The media of the lesson {@code node}, if it has one. */
    Optional<Course.Media> lesson(JsonNode node, String path) {
        if (node.has("media") && node.has("file")) {
            problems.add(path + ": a lesson has one of 'media' and 'file', not both, for " + lesson);
            return Optional.empty();
        }
        if (node.has("file")) {
            JsonNode file = node.path("file");
            return media(MediaKind.DOCUMENT, file.path("path"), file.path("caption"), path + ".file", "path");
        }
        if (!node.has("media")) {
            return Optional.empty();
        }
        JsonNode media = node.path("media");
        List<MediaKind> kinds = Arrays.stream(MediaKind.values())
                .filter(kind -> media.has(kind.key()))
                .toList();
        if (kinds.size() != 1) {
            problems.add(path + ".media: needs exactly one of " + KINDS + " (a file or an https URL), for " + lesson);
            return Optional.empty();
        }
        MediaKind kind = kinds.getFirst();
        return media(kind, media.path(kind.key()), media.path("caption"), path + ".media", kind.key());
    }

    private Optional<Course.Media> media(
            MediaKind kind, JsonNode sourceNode, JsonNode captionNode, String path, String key) {
        String where = path + "." + key;
        String value = sourceNode.isTextual() ? sourceNode.asText().strip() : "";
        if (value.isEmpty()) {
            problems.add(where + ": missing or empty, for " + lesson);
            return Optional.empty();
        }
        Optional<MediaSource> source =
                value.matches("(?i)[a-z][a-z0-9+.-]*://.*") ? url(value, where) : file(kind, value, where);
        Optional<Localized> caption = Optional.empty();
        if (!captionNode.isMissingNode()) {
            Localized text = localized.apply(captionNode, path + ".caption");
            text.texts().forEach((language, words) -> {
                if (words.length() > MAX_CAPTION) {
                    problems.add(path + ".caption." + language + ": " + words.length()
                            + " characters, Telegram takes at most " + MAX_CAPTION + " in a caption, for " + lesson
                            + " (" + value + ")");
                }
            });
            caption = Optional.of(text);
        }
        Optional<Localized> captionOf = caption;
        return source.map(s -> new Course.Media(kind, s, captionOf));
    }

    private Optional<MediaSource> url(String value, String where) {
        try {
            URI url = new URI(value);
            if ("https".equalsIgnoreCase(url.getScheme())
                    && url.getHost() != null
                    && !url.getHost().isEmpty()) {
                return Optional.of(new MediaSource.Url(url));
            }
            problems.add(
                    where + ": '" + value + "' is not an https URL (Telegram fetches media over https), for " + lesson);
        } catch (URISyntaxException e) {
            problems.add(where + ": '" + value + "' is not a valid URL (" + e.getReason() + "), for " + lesson);
        }
        return Optional.empty();
    }

    private Optional<MediaSource> file(MediaKind kind, String value, String where) {
        Path resolved = folder.resolve(value).normalize();
        if (!Files.isRegularFile(resolved)) {
            problems.add(where + ": no such file " + value + " (" + resolved + "), for " + lesson);
            return Optional.empty();
        }
        try {
            long size = Files.size(resolved);
            if (size == 0) {
                problems.add(where + ": " + value + " is empty; Telegram refuses empty files, for " + lesson);
            } else if (size > kind.maxUploadBytes()) {
                problems.add(where + ": " + value + " has " + megabytes(size) + ", more than the "
                        + megabytes(kind.maxUploadBytes()) + " Telegram takes as a " + kind.key()
                        + " through the Bot API, for " + lesson);
            }
        } catch (IOException e) {
            problems.add(where + ": " + value + " cannot be read (" + e.getMessage() + "), for " + lesson);
        }
        return Optional.of(new MediaSource.LocalFile(resolved));
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
