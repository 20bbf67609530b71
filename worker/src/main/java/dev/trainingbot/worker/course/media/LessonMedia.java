package dev.trainingbot.worker.course.media;

import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.MediaKind;
import dev.trainingbot.worker.course.content.MediaSource;
import dev.trainingbot.worker.telegram.TelegramException;
import dev.trainingbot.worker.telegram.TelegramGateway;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendAnimation;
import org.telegram.telegrambots.meta.api.methods.send.SendAudio;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.send.SendVideo;
import org.telegram.telegrambots.meta.api.methods.send.SendVoice;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Sends a lesson's media, uploading each file once per bot: the first send uploads it (a local file) or has Telegram
 * fetch it (a URL), and the {@code file_id} of the Message Telegram returns is kept in {@link FileIds}; later sends,
 * from any worker, name that file_id. A file_id Telegram refuses (a 400 "wrong file identifier", an expired file
 * reference) is dropped and the file sent afresh in the same call, so the learner still gets it. Two learners opening
 * a new file at the same moment may both upload it; the later file_id wins, both are valid.
 *
 * <p>Counted as {@code lesson.media.sends} by kind and how ({@code cached}, {@code uploaded}, {@code refused_file_id}).
 */
public final class LessonMedia {

    private static final Logger log = LoggerFactory.getLogger(LessonMedia.class);
    private static final List<String> REFUSED_FILE_ID =
            List.of("wrong file identifier", "wrong remote file identifier", "file reference", "file_reference");

    private final TelegramGateway telegram;
    private final FileIds fileIds;
    private final MeterRegistry metrics;

    public LessonMedia(TelegramGateway telegram, FileIds fileIds, MeterRegistry metrics) {
        this.telegram = telegram;
        this.fileIds = fileIds;
        this.metrics = metrics;
    }

    /**
     * Sends {@code media} to {@code chatId} with its caption in {@code locale}.
     *
     * @throws TelegramException.Permanent when Telegram refuses the file itself (a URL it cannot fetch, a file it
     *     cannot take as that kind): the content's fault, not the learner's
     * @throws UncheckedIOException when a local file checked at start-up has gone
     */
    public Message send(long chatId, Course.Media media, Locale locale) throws TelegramException {
        String identity;
        try {
            identity = media.source().identity();
        } catch (IOException e) {
            throw new UncheckedIOException("lesson media " + media.source().name() + " is gone", e);
        }
        String caption = media.caption().map(text -> text.in(locale)).orElse(null);
        Optional<String> cached = fileIds.get(identity);
        if (cached.isPresent()) {
            try {
                Message sent = send(media.kind(), chatId, () -> new InputFile(cached.get()), caption);
                count(media.kind(), "cached");
                return sent;
            } catch (TelegramException.Permanent e) {
                if (!refusesFileId(e)) {
                    throw e;
                }
                log.info(
                        "Telegram refused the cached file_id of {} ({}): uploading again",
                        media.source().name(),
                        e.getMessage());
                fileIds.forget(identity);
                count(media.kind(), "refused_file_id");
            }
        }
        Message sent = send(media.kind(), chatId, () -> upload(media.source()), caption);
        fileIdOf(media.kind(), sent).ifPresent(fileId -> fileIds.put(identity, fileId));
        count(media.kind(), "uploaded");
        return sent;
    }

    private static boolean refusesFileId(TelegramException.Permanent e) {
        String description = e.getMessage().toLowerCase(Locale.ROOT);
        return REFUSED_FILE_ID.stream().anyMatch(description::contains);
    }

    /** A fresh stream for a local file (asked for on every attempt: a stream reads once), or the URL to fetch. */
    private static InputFile upload(MediaSource source) {
        return switch (source) {
            case MediaSource.LocalFile local -> new InputFile(local.path().toFile(), local.name());
            case MediaSource.Url url -> new InputFile(url.url().toString());
        };
    }

    private Message send(MediaKind kind, long chatId, Supplier<InputFile> file, String caption)
            throws TelegramException {
        String chat = Long.toString(chatId);
        return switch (kind) {
            case PHOTO ->
                telegram.sendPhoto(() -> SendPhoto.builder()
                        .chatId(chat)
                        .photo(file.get())
                        .caption(caption)
                        .build());
            case VIDEO ->
                telegram.sendVideo(() -> SendVideo.builder()
                        .chatId(chat)
                        .video(file.get())
                        .caption(caption)
                        .build());
            case ANIMATION ->
                telegram.sendAnimation(() -> SendAnimation.builder()
                        .chatId(chat)
                        .animation(file.get())
                        .caption(caption)
                        .build());
            case AUDIO ->
                telegram.sendAudio(() -> SendAudio.builder()
                        .chatId(chat)
                        .audio(file.get())
                        .caption(caption)
                        .build());
            case VOICE ->
                telegram.sendVoice(() -> SendVoice.builder()
                        .chatId(chat)
                        .voice(file.get())
                        .caption(caption)
                        .build());
            case DOCUMENT ->
                telegram.sendDocument(() -> SendDocument.builder()
                        .chatId(chat)
                        .document(file.get())
                        .caption(caption)
                        .build());
        };
    }

    /** The file_id of what Telegram stored: for a photo its largest size, which Telegram lists last. */
    static Optional<String> fileIdOf(MediaKind kind, Message message) {
        if (message == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(
                switch (kind) {
                    case PHOTO ->
                        message.getPhoto() == null || message.getPhoto().isEmpty()
                                ? null
                                : message.getPhoto().getLast().getFileId();
                    case VIDEO ->
                        message.getVideo() == null ? null : message.getVideo().getFileId();
                    case ANIMATION ->
                        message.getAnimation() == null
                                ? null
                                : message.getAnimation().getFileId();
                    case AUDIO ->
                        message.getAudio() == null ? null : message.getAudio().getFileId();
                    case VOICE ->
                        message.getVoice() == null ? null : message.getVoice().getFileId();
                    case DOCUMENT ->
                        message.getDocument() == null
                                ? null
                                : message.getDocument().getFileId();
                });
    }

    private void count(MediaKind kind, String how) {
        Counter.builder("lesson.media.sends")
                .description("Lesson media sent, by kind and whether a cached file_id served it")
                .tag("kind", kind.key())
                .tag("how", how)
                .register(metrics)
                .increment();
    }
}
