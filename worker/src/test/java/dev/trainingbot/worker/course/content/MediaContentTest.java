package dev.trainingbot.worker.course.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A lesson's media as the content file declares it, checked at load against Telegram's limits. */
class MediaContentTest {

    private static final String LESSON = "lesson 'hello' of section 'intro'";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(MediaKind.class)
    void everyKindLoadsFromALocalFileWithItsCaption(MediaKind kind) throws IOException {
        Files.writeString(dir.resolve("clip.bin"), "content");

        Course.Media media =
                lessonMedia(load("media: {%s: clip.bin, caption: {en: Look, ru: Смотрите}}".formatted(kind.key())));

        assertThat(media.kind()).isEqualTo(kind);
        assertThat(media.source()).isEqualTo(new MediaSource.LocalFile(dir.resolve("clip.bin")));
        assertThat(media.caption().orElseThrow().in("ru")).isEqualTo("Смотрите");
    }

    @Test
    void anHttpsUrlIsTakenAsItIsAndTheCaptionIsOptional() throws IOException {
        Course.Media media = lessonMedia(load("media: {video: 'https://cdn.example.com/intro.mp4'}"));

        assertThat(media.source().name()).isEqualTo("https://cdn.example.com/intro.mp4");
        assertThat(media.caption()).isEmpty();
    }

    @Test
    void theOlderFileIsADocument() throws IOException {
        Files.writeString(dir.resolve("list.txt"), "1. Badge");

        Course.Media media = lessonMedia(load("file: {path: list.txt, caption: {en: List, ru: Список}}"));

        assertThat(media.kind()).isEqualTo(MediaKind.DOCUMENT);
    }

    @Test
    void aMissingFileNamesTheLessonAndTheFile() throws IOException {
        assertThatThrownBy(() -> load("media: {photo: images/missing.png}"))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining("sections[0].lessons[0].media.photo: no such file images/missing.png")
                .hasMessageContaining(LESSON);
    }

    @Test
    void aPhotoOverTenMegabytesIsRefusedNamingTheLimit() throws IOException {
        sized("big.png", 10 * 1024 * 1024 + 1);

        assertThatThrownBy(() -> load("media: {photo: big.png}"))
                .hasMessageContaining(
                        "media.photo: big.png has 10.0 MB, more than the 10.0 MB Telegram takes as a photo")
                .hasMessageContaining(LESSON);
    }

    @Test
    void aPhotoOfExactlyTenMegabytesAndAVideoOverTenLoad() throws IOException {
        sized("photo.png", 10 * 1024 * 1024);
        sized("video.mp4", 30 * 1024 * 1024);

        assertThat(lessonMedia(load("media: {photo: photo.png}")).kind()).isEqualTo(MediaKind.PHOTO);
        assertThat(lessonMedia(load("media: {video: video.mp4}")).kind()).isEqualTo(MediaKind.VIDEO);
    }

    @Test
    void aDocumentOverFiftyMegabytesIsRefused() throws IOException {
        sized("huge.zip", 50L * 1024 * 1024 + 1);

        assertThatThrownBy(() -> load("media: {document: huge.zip}"))
                .hasMessageContaining("huge.zip has 50.0 MB, more than the 50.0 MB Telegram takes as a document")
                .hasMessageContaining(LESSON);
    }

    @Test
    void anEmptyFileIsRefused() throws IOException {
        sized("empty.ogg", 0);

        assertThatThrownBy(() -> load("media: {voice: empty.ogg}"))
                .hasMessageContaining("empty.ogg is empty")
                .hasMessageContaining(LESSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://cdn.example.com/a.png", "ftp://cdn.example.com/a.png", "https://"})
    void aUrlThatIsNotHttpsIsRefused(String url) {
        assertThatThrownBy(() -> load("media: {photo: '" + url + "'}"))
                .hasMessageContaining("media.photo: '" + url + "'")
                .hasMessageContaining(LESSON);
    }

    @Test
    void aCaptionOverTelegramsLimitNamesTheLanguageAndTheFile() throws IOException {
        Files.writeString(dir.resolve("map.png"), "png");
        String caption = "x".repeat(MediaReader.MAX_CAPTION + 1);

        assertThatThrownBy(() -> load("media: {photo: map.png, caption: {en: ok, ru: " + caption + "}}"))
                .hasMessageContaining("media.caption.ru: 1025 characters, Telegram takes at most 1024")
                .hasMessageContaining(LESSON)
                .hasMessageContaining("map.png");
    }

    @Test
    void aLessonNeedsExactlyOneKind() throws IOException {
        assertThatThrownBy(() -> load("media: {photo: a.png, video: b.mp4}"))
                .hasMessageContaining("media: needs exactly one of photo, video, animation, audio, voice, document")
                .hasMessageContaining(LESSON);
        assertThatThrownBy(() -> load("media: {picture: a.png}")).hasMessageContaining("needs exactly one of");
    }

    private void sized(String name, long bytes) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve(name).toFile(), "rw")) {
            file.setLength(bytes);
        }
    }

    private static Course.Media lessonMedia(Course course) {
        return course.sections().getFirst().lessons().getFirst().media().orElseThrow();
    }

    private Course load(String media) throws IOException {
        Path file = dir.resolve("course.yaml");
        Files.writeString(file, """
                title: {en: Course, ru: Курс}
                sections:
                  - id: intro
                    title: {en: Intro, ru: Введение}
                    lessons:
                      - id: hello
                        title: {en: Hi, ru: Приветствие}
                        text: {en: Hello, ru: Привет}
                        %s
                    quiz:
                      questions:
                        - id: q1
                          text: {en: 'Ready?', ru: 'Готовы?'}
                          options: [{en: 'Yes', ru: Да}, {en: 'No', ru: Нет}]
                          correct: 0
                          explanation: {en: Good., ru: Хорошо.}
                """.formatted(media));
        return CourseLoader.load(file);
    }
}
