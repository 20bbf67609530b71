package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.Document;
import dev.trainingbot.testkit.telegram.TelegramUser;
import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.CourseLoader;
import dev.trainingbot.worker.course.content.MediaKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample course's photo lesson, opened by several learners through two workers: the photo is uploaded to
 * Telegram once and sent by its file_id after that; a file_id Telegram no longer knows is uploaded again, and the
 * learner gets the photo all the same; a file Telegram cannot fetch gets the learner a clear message.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MediaLessonIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A lesson added to a copy of the sample course: its video is at a URL Telegram cannot fetch. */
    private static final String LOST_VIDEO = """
                  - id: lost_video
                    title: {en: A video that is gone, ru: Пропавшее видео}
                    text: {en: The video below was moved., ru: Видео ниже переехало.}
                    media:
                      video: https://cdn.example.invalid/gone.mp4
            """;

    private static Course.Section security;
    private static Course.Lesson phishing;
    private static Course.Media photo;
    private static String file;
    private static FleetUnderTest fleet;

    @TempDir
    static Path content;

    @BeforeAll
    static void start() throws Exception {
        Files.copy(
                Path.of("../content/files/phishing-example.png"),
                Files.createDirectories(content.resolve("files")).resolve("phishing-example.png"));
        Files.copy(
                Path.of("../content/files/first-week-checklist.txt"),
                content.resolve("files/first-week-checklist.txt"));
        String sample = Files.readString(Path.of("../content/course.yaml"));
        Path course = content.resolve("course.yaml");
        Files.writeString(course, sample.replace("      - id: incidents\n", LOST_VIDEO + "      - id: incidents\n"));
        security = CourseLoader.load(course).section("security").orElseThrow();
        phishing = security.lesson("phishing").orElseThrow();
        photo = phishing.media().orElseThrow();
        file = photo.source().name();
        fleet = FleetUnderTest.builder()
                .workers(2)
                .set("CONTENT_PATH", course.toString())
                .start();
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    @Order(1)
    void twoLearnersOpeningAPhotoLessonCostOneUploadTheSecondGetsItByFileId() throws Exception {
        assertThat(photo.kind()).isEqualTo(MediaKind.PHOTO);
        TelegramUser ann = fleet.telegram.newUser("Ann", "en");
        TelegramUser boris = fleet.telegram.newUser("Boris", "ru");

        Document first = openPhoto(ann);
        Document second = openPhoto(boris);

        assertThat(fleet.telegram.uploads(file)).isEqualTo(1);
        assertThat(first.content()).isEqualTo(Files.readAllBytes(Path.of("../content/files/" + file)));
        assertThat(second.fileId()).isEqualTo(first.fileId());
        assertThat(ann.lastMessage().text())
                .isEqualTo(photo.caption().orElseThrow().in("en"));
        assertThat(boris.lastMessage().text())
                .isEqualTo(photo.caption().orElseThrow().in("ru"));
    }

    @Test
    @Order(2)
    void aFileIdTelegramRefusesIsUploadedAgainOnceAndTheLearnerGetsThePhoto() throws Exception {
        openPhoto(fleet.telegram.newUser("Warm", "en"));
        long uploads = fleet.telegram.uploads(file);
        fleet.telegram.forgetFileIds();
        long deadLetters = fleet.deadLetters().size();

        Document refreshed = openPhoto(fleet.telegram.newUser("Cleo", "en"));
        Document reused = openPhoto(fleet.telegram.newUser("Dan", "en"));

        assertThat(fleet.telegram.uploads(file)).isEqualTo(uploads + 1);
        assertThat(refreshed.content()).isEqualTo(Files.readAllBytes(Path.of("../content/files/" + file)));
        assertThat(reused.fileId()).isEqualTo(refreshed.fileId());
        assertThat(fleet.deadLetters()).hasSize((int) deadLetters);
    }

    @Test
    @Order(3)
    void mediaTelegramCannotFetchGetsTheLearnerAClearMessageAndNoDeadLetter() {
        TelegramUser eve = fleet.telegram.newUser("Eve", "en");
        long deadLetters = fleet.deadLetters().size();
        eve.send("/" + security.command().orElseThrow());
        BotMessage lesson = press(eve, eve.awaitSent(1, WAIT).getLast(), "A video that is gone");

        eve.press(lesson, "📎 A video that is gone");

        BotMessage refusal =
                eve.awaitMessage(m -> m.text().contains("unavailable"), WAIT, "the file-unavailable message");
        assertThat(refusal.text())
                .isEqualTo("😕 This file is unavailable right now. The course team has been"
                        + " notified; please try again later.");
        assertThat(eve.sent()).noneMatch(m -> m.document().isPresent());
        assertThat(fleet.deadLetters()).hasSize((int) deadLetters);
        eve.press(lesson, "Next ▶");
        eve.awaitMessage(
                m -> m.messageId() == lesson.messageId() && m.text().contains("4 of 4"), WAIT, "the next lesson");
    }

    /** Opens the phishing lesson through the section's command and presses its photo button. */
    private static Document openPhoto(TelegramUser user) {
        user.send("/" + security.command().orElseThrow());
        BotMessage section = user.awaitSent(1, WAIT).getLast();
        BotMessage lesson = press(user, section, phishing.title().in(user.languageCode()));
        String caption = photo.caption().orElseThrow().in(user.languageCode());
        int before = user.sent().size();
        user.pressContaining(lesson, caption.substring(0, 20));
        BotMessage photo = user.awaitMessage(
                m -> m.document().filter(d -> d.kind().equals("photo")).isPresent(), WAIT, "the lesson's photo");
        assertThat(user.sent()).hasSize(before + 1);
        return photo.document().orElseThrow();
    }

    private static BotMessage press(TelegramUser user, BotMessage screen, String button) {
        int answered = user.callbackAnswers().size();
        user.press(screen, button);
        user.awaitCallbackAnswers(answered + 1, WAIT);
        await().atMost(WAIT).until(() -> !user.lastMessage().equals(screen));
        return user.lastMessage();
    }
}
