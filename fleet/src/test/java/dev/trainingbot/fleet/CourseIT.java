package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.common.metrics.Metrics;
import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.TelegramUser;
import dev.trainingbot.testkit.telegram.TranscriptEvent;
import dev.trainingbot.worker.Worker;
import dev.trainingbot.worker.WorkerConfig;
import dev.trainingbot.worker.course.content.ContentException;
import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.CourseLoader;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The course as a user walks it in Telegram, through the whole fleet. */
class CourseIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Course COURSE = CourseLoader.load(Path.of("../content/course.yaml"));
    private static final Course.Section GENERAL = COURSE.sections().getFirst();
    private static FleetUnderTest fleet;
    private static FleetQueries db;

    @BeforeAll
    static void start() throws Exception {
        fleet = FleetUnderTest.builder().start();
        db = new FleetQueries(fleet.database);
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void aUserReadsASectionTakesItsQuizAndSeesItCompletedInMyProgress() {
        TelegramUser ann = fleet.telegram.newUser("Ann", "en");
        ann.send("/start");
        BotMessage menu = ann.awaitSent(1, WAIT).getFirst();

        BotMessage screen = press(ann, menu, "📚 Sections");
        assertThat(screen.text()).contains("Choose a section");
        screen = press(ann, screen, "General info");
        assertThat(screen.text()).contains("Lessons read: 0 of 3");
        screen = press(ann, screen, GENERAL.lessons().getFirst().title().in("en"));
        for (int lesson = 1; lesson < GENERAL.lessons().size(); lesson++) {
            assertThat(screen.text())
                    .contains(lesson + " of " + GENERAL.lessons().size());
            screen = press(ann, screen, "Next ▶");
        }
        screen = press(ann, screen, "📝 Quiz ▶");
        for (int q = 0; q < GENERAL.quiz().size(); q++) {
            Course.Question question = GENERAL.quiz().questions().get(q);
            assertThat(screen.text())
                    .contains("question " + (q + 1) + " of " + GENERAL.quiz().size());
            screen = press(ann, screen, rightOption(question));
            assertThat(screen.text())
                    .contains("Right!")
                    .contains(question.explanation().in("en"));
            screen = press(ann, screen, q + 1 < GENERAL.quiz().size() ? "Next question ▶" : "See the result ▶");
        }
        assertThat(screen.text()).contains("You answered 3 of 3 right");
        screen = press(ann, screen, "📈 My progress");

        assertThat(screen.text())
                .contains("✅ <b>General info</b>")
                .contains("lessons 3 of 3 · quiz best 3 of 3, last 3 of 3")
                .contains("Sections completed: 1 of " + COURSE.sections().size());
        // One message, edited in place all along the way.
        assertThat(ann.sent()).hasSize(1);
        assertThat(ann.messages()).hasSize(1);
        assertThat(ann.lastMessage().editCount()).isGreaterThan(10);
        assertThat(db.count("SELECT count(*) FROM lesson_completions WHERE user_id = ?", ann.id()))
                .isEqualTo(3);
        assertThat(db.strings("SELECT score || '/' || max_score FROM quiz_attempts WHERE user_id = ?", ann.id()))
                .containsExactly("3/3");
    }

    @Test
    void aQuizFinishRetriedAfterItsResultFailedToShowRecordsTheAttemptOnce() {
        TelegramUser quinn = fleet.telegram.newUser("Quinn", "en");
        quinn.send("/general_info");
        BotMessage screen = press(quinn, quinn.awaitSent(1, WAIT).getFirst(), "📝 Take the quiz");
        for (int q = 0; q < GENERAL.quiz().size(); q++) {
            screen = press(quinn, screen, rightOption(GENERAL.quiz().questions().get(q)));
            if (q + 1 < GENERAL.quiz().size()) {
                screen = press(quinn, screen, "Next question ▶");
            }
        }
        // The result screen's edit is refused once: the update is retried after the attempt was recorded.
        fleet.telegram.failNext("editMessageText", 1, 400);

        screen = press(quinn, screen, "See the result ▶");

        assertThat(screen.text()).contains("You answered 3 of 3 right");
        assertThat(db.strings("SELECT score || '/' || max_score FROM quiz_attempts WHERE user_id = ?", quinn.id()))
                .containsExactly("3/3");
    }

    @Test
    void aMultipleChoiceQuestionIsAnsweredByTickingOptionsThenSubmitting() {
        Course.Section tools = COURSE.section("tools").orElseThrow();
        Course.Question question = tools.quiz().questions().stream()
                .filter(Course.Question::multiple)
                .findFirst()
                .orElseThrow();
        int index = tools.quiz().questions().indexOf(question);
        TelegramUser ben = fleet.telegram.newUser("Ben", "en");
        ben.send("/tools");
        BotMessage screen = press(ben, ben.awaitSent(1, WAIT).getFirst(), "📝 Take the quiz");
        for (int q = 0; q < index; q++) {
            screen = press(ben, screen, rightOption(tools.quiz().questions().get(q)));
            screen = press(ben, screen, "Next question ▶");
        }

        for (int option : question.correct()) {
            screen = press(ben, screen, "☐ " + question.options().get(option).in("en"));
        }
        assertThat(screen.buttonTexts())
                .filteredOn(text -> text.startsWith("☑"))
                .hasSize(question.correct().size());
        screen = press(ben, screen, "✔ Submit");

        assertThat(screen.text()).contains("Right!");
    }

    @Test
    void aQuizLeftHalfWayContinuesAtTheSameQuestionAfterTheWorkerIsReplaced() throws Exception {
        TelegramUser cat = fleet.telegram.newUser("Cat", "en");
        cat.send("/general_info");
        BotMessage screen = press(cat, cat.awaitSent(1, WAIT).getFirst(), "📝 Take the quiz");
        screen = press(cat, screen, rightOption(GENERAL.quiz().questions().getFirst()));
        screen = press(cat, screen, "Next question ▶");
        assertThat(screen.text()).contains("question 2 of 3");

        Worker old = fleet.fleet.workers().getFirst();
        fleet.fleet.addWorker();
        fleet.fleet.stopWorker(old);
        cat.send("where was I?");

        BotMessage reminder = cat.awaitSent(2, WAIT).getLast();
        assertThat(reminder.text()).contains("You have a quiz in progress").contains("question 2 of 3");
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> redis = fleet.redis.connect(client, fleet.redis.fsmDb())) {
            assertThat(redis.sync().hgetall("fsm:" + cat.chatId() + ":" + cat.id()))
                    .containsEntry("state", "QUIZ");
        } finally {
            client.shutdown();
        }
        BotMessage answered =
                press(cat, reminder, rightOption(GENERAL.quiz().questions().get(1)));
        assertThat(answered.text()).contains("question 2 of 3").contains("Right!");
    }

    @Test
    void textsFollowTheUsersTelegramLanguageWithEnglishForOthers() {
        TelegramUser ivan = fleet.telegram.newUser("Ivan", "ru");
        TelegramUser emma = fleet.telegram.newUser("Emma", "en-GB");
        TelegramUser pierre = fleet.telegram.newUser("Pierre", "fr");

        List.of(ivan, emma, pierre).forEach(user -> user.send("/start"));

        assertThat(ivan.awaitSent(1, WAIT).getFirst().text()).contains("Здравствуйте, <b>Ivan</b>");
        assertThat(ivan.lastMessage().buttonTexts()).contains("📚 Разделы");
        assertThat(emma.awaitSent(1, WAIT).getFirst().text()).contains("Hello, <b>Emma</b>");
        assertThat(pierre.awaitSent(1, WAIT).getFirst().text()).contains("Hello, <b>Pierre</b>");
    }

    @Test
    void forgedOrStaleButtonsAreAnsweredPolitelyAndChangeNothing() throws Exception {
        TelegramUser eve = fleet.telegram.newUser("Eve", "en");
        eve.send("/start");
        BotMessage menu = eve.awaitSent(1, WAIT).getFirst();
        List<String> forged = List.of(
                "1:les:general_info:no_such_lesson",
                "1:sec:../../etc",
                "garbage",
                "9:menu",
                "1:ans:general_info:buddy:7",
                "1:next:general_info:buddy",
                "1:unknown_action");

        for (String data : forged) {
            eve.pressCallbackData(menu.messageId(), data);
            // A button a second, as the throttle lets a person press them: each is answered, none refused.
            await().atMost(WAIT).until(() -> fleet.telegram.pendingUpdateCount() == 0);
            fleet.clock.skip(Duration.ofSeconds(1));
        }

        List<TranscriptEvent.CallbackAnswered> answers = eve.awaitCallbackAnswers(forged.size(), WAIT);
        assertThat(answers).allSatisfy(answer -> assertThat(answer.text()).isNotBlank());
        assertThat(eve.lastMessage()).isEqualTo(menu);
        assertThat(eve.sent()).hasSize(1);
        assertThat(db.count("SELECT count(*) FROM lesson_completions WHERE user_id = ?", eve.id()))
                .isZero();
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> redis = fleet.redis.connect(client, fleet.redis.fsmDb())) {
            assertThat(redis.sync().hget("fsm:" + eve.chatId() + ":" + eve.id(), "state"))
                    .isIn(null, "IDLE");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aBrokenContentFileStopsTheStartNamingTheFileThePlaceAndTheProblem(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(
                broken,
                Files.readString(Path.of("../content/course.yaml")).replaceFirst("correct: 1\n", "correct: 9\n"));
        WorkerConfig config = WorkerConfig.from(fleet.env.with(Map.of("CONTENT_PATH", broken.toString())));

        assertThatThrownBy(() -> Worker.start(config, Metrics.prometheus("worker")))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining(broken.toString())
                .hasMessageContaining("sections[0].quiz.questions[1].correct")
                .hasMessageContaining("9 is not the index of one of its 3 options");
    }

    /** Presses a button and waits for the screen it leads to (the same message, edited). */
    private static BotMessage press(TelegramUser user, BotMessage screen, String button) {
        int answered = user.callbackAnswers().size();
        user.press(screen, button);
        user.awaitCallbackAnswers(answered + 1, WAIT);
        await().atMost(WAIT).until(() -> !user.lastMessage().equals(screen));
        return user.lastMessage();
    }

    private static String rightOption(Course.Question question) {
        return question.options().get(question.correct().iterator().next()).in("en");
    }
}
