package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.TelegramUser;
import dev.trainingbot.worker.Worker;
import dev.trainingbot.worker.course.content.ContentException;
import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.CourseLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A new course version published while the fleet runs: every worker serves it within seconds, a quiz started before
 * goes on in its own version, an old button of a removed lesson is answered politely, a broken version changes
 * nothing.
 */
class CourseVersionIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** "Within seconds": the notification reaches every worker well inside this. */
    private static final Duration SWITCH = Duration.ofSeconds(10);

    private static final Path FILE = Path.of("../content/course.yaml");
    private static final Course COURSE = CourseLoader.load(FILE);
    private static final Course.Section GENERAL = COURSE.section("general_info").orElseThrow();
    private static final String NEW_TITLE = "General info, revised";

    private static final String PASSWORD = "course version admin password";

    private static FleetUnderTest fleet;
    private static FleetQueries db;

    @BeforeAll
    static void start() throws Exception {
        fleet = FleetUnderTest.builder()
                .workers(2)
                .set("ADMIN_PASS_HASH", AdminIT.generateAdminHash(PASSWORD))
                .start();
        db = new FleetQueries(fleet.database);
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void aQuizStartedBeforeANewVersionEndsInItsOwnAndTheNextStartShowsTheNewOne() throws Exception {
        TelegramUser ann = fleet.telegram.newUser("Ann", "en");
        ann.send("/general_info");
        BotMessage quiz = press(ann, ann.awaitSent(1, WAIT).getFirst(), "📝 Take the quiz");
        quiz = press(ann, quiz, rightOption(GENERAL.quiz().questions().getFirst()));
        TelegramUser bob = fleet.telegram.newUser("Bob", "en");
        bob.send("/general_info");
        BotMessage oldSection = bob.awaitSent(1, WAIT).getFirst();
        int before = version(fleet.fleet.workers().getFirst());

        TelegramUser admin = fleet.telegram.newUser("Admin", "en");
        AdminIT.logIn(admin, PASSWORD);

        admin.sendDocument("course.yaml", revised().getBytes(StandardCharsets.UTF_8), "/course");

        admin.awaitMessage(m -> m.text().contains("is published"), WAIT, "the publication");
        int published = (int) db.count("SELECT max(version) FROM course_versions");
        assertThat(published).isGreaterThan(before);
        assertThat(db.strings("SELECT created_by FROM course_versions WHERE version = ?", published))
                .containsExactly("admin " + admin.id());
        await().atMost(SWITCH).until(() -> fleet.fleet.workers().stream().allMatch(w -> version(w) == published));
        // Ann's quiz is the old one to its end: its three questions, not the new version's one.
        for (int q = 1; q < GENERAL.quiz().size(); q++) {
            quiz = press(ann, quiz, "Next question ▶");
            assertThat(quiz.text())
                    .contains("question " + (q + 1) + " of " + GENERAL.quiz().size());
            quiz = press(ann, quiz, rightOption(GENERAL.quiz().questions().get(q)));
            assertThat(quiz.text()).contains("Right!");
        }
        quiz = press(ann, quiz, "See the result ▶");
        assertThat(quiz.text()).contains("You answered 3 of 3 right");
        assertThat(db.strings("SELECT score || '/' || max_score FROM quiz_attempts WHERE user_id = ?", ann.id()))
                .containsExactly("3/3");
        // The next /start shows the new content, to learners of both workers' partitions.
        List<TelegramUser> learners = new ArrayList<>(List.of(ann));
        for (int i = 0; i < 6; i++) {
            learners.add(fleet.telegram.newUser("Learner " + i, "en"));
        }
        for (TelegramUser learner : learners) {
            int sent = learner.sent().size();
            learner.send("/start");
            BotMessage menu = learner.awaitSent(sent + 1, WAIT).getLast();
            assertThat(press(learner, menu, "📚 Sections").allButtons())
                    .anyMatch(button -> button.text().contains(NEW_TITLE));
        }
        // A new quiz is the new version's.
        ann.send("/general_info");
        BotMessage section = ann.awaitMessage(m -> m.text().contains(NEW_TITLE), WAIT, "the revised section");
        assertThat(press(ann, section, "📝 Take the quiz").text())
                .contains("question 1 of 1")
                .contains("Is this the revised course?");
        // Bob's message is of the old version: the lesson it offers is gone, and he is told so.
        int answered = bob.callbackAnswers().size();
        bob.pressContaining(oldSection, GENERAL.lessons().getLast().title().in("en"));
        assertThat(bob.awaitCallbackAnswers(answered + 1, WAIT).getLast().text())
                .contains("the course has changed");
        // A worker starting now serves the newest version from the table (the file is an old version).
        Worker late = fleet.fleet.addWorker();
        assertThat(version(late)).isEqualTo(published);
        assertThat(fleet.deadLetters()).isEmpty();
    }

    @Test
    void aBrokenUploadIsRefusedWithEachProblemNamedAndChangesNothing() throws Exception {
        TelegramUser admin = fleet.telegram.newUser("Admin two", "en");
        AdminIT.logIn(admin, PASSWORD);
        Worker worker = fleet.fleet.workers().getFirst();
        int before = version(worker);
        long stored = db.count("SELECT count(*) FROM course_versions");
        ObjectNode broken = (ObjectNode) yaml().readTree(Files.readString(FILE));
        ObjectNode question = (ObjectNode)
                broken.path("sections").get(0).path("quiz").path("questions").get(0);
        question.put("correct", 7);
        ((ObjectNode) broken.path("sections").get(1)).remove("lessons");

        admin.sendDocument("course.yaml", yaml().writeValueAsBytes(broken), "/course");

        BotMessage refusal = admin.awaitMessage(m -> m.text().contains("refused"), WAIT, "the refusal");
        assertThat(refusal.text())
                .contains("nothing changed")
                .contains("sections[0].quiz.questions[0].correct: 7 is not the index")
                .contains("sections[1].lessons: a section needs at least one lesson");
        // The same content published by other means is refused the same way, each problem on its own.
        assertThatThrownBy(() -> worker.content().publish(yaml().writeValueAsString(broken), "CourseVersionIT"))
                .isInstanceOf(ContentException.class)
                .satisfies(e -> assertThat(((ContentException) e).problems())
                        .anyMatch(p -> p.startsWith("sections[0].quiz.questions[0].correct: 7 is not the index"))
                        .anyMatch(p -> p.startsWith("sections[1].lessons: a section needs at least one lesson")));

        assertThat(db.count("SELECT count(*) FROM course_versions")).isEqualTo(stored);
        assertThat(fleet.fleet.workers()).allMatch(w -> version(w) >= before);
        assertThat(version(worker)).isEqualTo(before);
    }

    /** The sample course with the general section renamed, its last lesson removed and a one-question quiz. */
    private static String revised() throws Exception {
        ObjectMapper yaml = yaml();
        ObjectNode root = (ObjectNode) yaml.readTree(Files.readString(FILE));
        ObjectNode general = (ObjectNode) root.path("sections").get(0);
        ((ObjectNode) general.path("title")).put("en", NEW_TITLE).put("ru", "Общая информация, новая");
        ArrayNode lessons = (ArrayNode) general.path("lessons");
        lessons.remove(lessons.size() - 1);
        ObjectNode question = yaml.createObjectNode()
                .put("id", "revised")
                .put("text", "Is this the revised course?")
                .put("correct", 0)
                .put("explanation", "It is.");
        question.putArray("options").add("Yes").add("No");
        ObjectNode quiz = yaml.createObjectNode();
        quiz.putArray("questions").add(question);
        general.set("quiz", quiz);
        return yaml.writeValueAsString(root);
    }

    private static ObjectMapper yaml() {
        return new ObjectMapper(new YAMLFactory());
    }

    private static int version(Worker worker) {
        return worker.content().catalog().currentVersion().number();
    }

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
