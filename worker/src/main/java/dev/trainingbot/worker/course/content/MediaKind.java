package dev.trainingbot.worker.course.content;

import java.util.Locale;

/**
 * The kinds of lesson media, each sent with its own Bot API method, and the size Telegram takes for an upload through
 * the Bot API: 10 MB for a photo, 50 MB for the others (a URL Telegram fetches itself: 5 MB for a photo, 20 MB for
 * the others — those it checks when fetching).
 */
public enum MediaKind {
    PHOTO(10),
    VIDEO(50),
    ANIMATION(50),
    AUDIO(50),
    VOICE(50),
    DOCUMENT(50);

    private final long maxUploadBytes;

    MediaKind(int megabytes) {
        this.maxUploadBytes = megabytes * 1024L * 1024L;
    }

    /** The largest local file Telegram takes as this kind. */
    public long maxUploadBytes() {
        return maxUploadBytes;
    }

    /** The key in the content file ({@code photo:}), also the name of the Bot API's field. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
