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

/**
 * The sample course's photo lesson, opened by several learners through two workers: the photo is uploaded to
 * Telegram once and sent by its file_id after that; a file_id Telegram no longer knows is uploaded again, and the
 * learner gets the photo all the same.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MediaLessonIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Course COURSE = CourseLoader.load(Path.of("../content/course.yaml"));
    private static final Course.Section SECURITY = COURSE.section("security").orElseThrow();
    private static final Course.Lesson PHISHING = SECURITY.lesson("phishing").orElseThrow();
    private static final Course.Media PHOTO = PHISHING.media().orElseThrow();
    private static final String FILE = PHOTO.source().name();
    private static FleetUnderTest fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = FleetUnderTest.builder().workers(2).start();
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    @Order(1)
    void twoLearnersOpeningAPhotoLessonCostOneUploadTheSecondGetsItByFileId() throws Exception {
        assertThat(PHOTO.kind()).isEqualTo(MediaKind.PHOTO);
        TelegramUser ann = fleet.telegram.newUser("Ann", "en");
        TelegramUser boris = fleet.telegram.newUser("Boris", "ru");

        Document first = openPhoto(ann);
        Document second = openPhoto(boris);

        assertThat(fleet.telegram.uploads(FILE)).isEqualTo(1);
        assertThat(first.content()).isEqualTo(Files.readAllBytes(Path.of("../content/files/" + FILE)));
        assertThat(second.fileId()).isEqualTo(first.fileId());
        assertThat(ann.lastMessage().text())
                .isEqualTo(PHOTO.caption().orElseThrow().in("en"));
        assertThat(boris.lastMessage().text())
                .isEqualTo(PHOTO.caption().orElseThrow().in("ru"));
    }

    @Test
    @Order(2)
    void aFileIdTelegramRefusesIsUploadedAgainOnceAndTheLearnerGetsThePhoto() throws Exception {
        openPhoto(fleet.telegram.newUser("Warm", "en"));
        long uploads = fleet.telegram.uploads(FILE);
        fleet.telegram.forgetFileIds();
        long deadLetters = fleet.deadLetters().size();

        Document refreshed = openPhoto(fleet.telegram.newUser("Cleo", "en"));
        Document reused = openPhoto(fleet.telegram.newUser("Dan", "en"));

        assertThat(fleet.telegram.uploads(FILE)).isEqualTo(uploads + 1);
        assertThat(refreshed.content()).isEqualTo(Files.readAllBytes(Path.of("../content/files/" + FILE)));
        assertThat(reused.fileId()).isEqualTo(refreshed.fileId());
        assertThat(fleet.deadLetters()).hasSize((int) deadLetters);
    }

    /** Opens the phishing lesson through the section's command and presses its photo button. */
    private static Document openPhoto(TelegramUser user) {
        user.send("/" + SECURITY.command().orElseThrow());
        BotMessage section = user.awaitSent(1, WAIT).getLast();
        BotMessage lesson = press(user, section, PHISHING.title().in(user.languageCode()));
        String caption = PHOTO.caption().orElseThrow().in(user.languageCode());
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
