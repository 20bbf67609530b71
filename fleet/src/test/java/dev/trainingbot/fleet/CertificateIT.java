package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.Document;
import dev.trainingbot.testkit.telegram.TelegramUser;
import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.CourseLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openpdf.text.pdf.PdfReader;
import org.openpdf.text.pdf.parser.PdfTextExtractor;

/**
 * The end of the course as a learner reaches it, with the production defaults and Telegram's limits: every section's
 * quiz passed brings one PDF certificate, whatever fails on the way; a quiz below its pass mark says what passes; an
 * admin checks a certificate by its code.
 */
class CertificateIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "certificate admin password";
    private static final Course COURSE = CourseLoader.load(Path.of("../content/course.yaml"));
    private static final Pattern CODE =
            Pattern.compile("<code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})</code>");
    private static FleetUnderTest fleet;
    private static FleetQueries db;

    @BeforeAll
    static void start() throws Exception {
        fleet = FleetUnderTest.builder()
                .set("ADMIN_PASS_HASH", AdminIT.generateAdminHash(PASSWORD))
                .start();
        db = new FleetQueries(fleet.database);
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void passingEverySectionsQuizBringsOneCertificateWithTheLearnersNameAndACodeAnAdminCanCheck() throws Exception {
        TelegramUser anna = fleet.telegram.newUser("Анна Петрова", "ru");
        List<Course.Section> sections = COURSE.sections();
        for (Course.Section section : sections.subList(0, sections.size() - 1)) {
            BotMessage result = takeQuiz(anna, section, section.quiz().size());
            assertThat(result.text()).contains("Тест сдан");
        }
        assertThat(anna.sent()).noneMatch(m -> m.document().isPresent());

        takeQuiz(anna, sections.getLast(), sections.getLast().quiz().size());

        BotMessage certificate = anna.awaitMessage(m -> m.document().isPresent(), WAIT, "the certificate");
        Document pdf = certificate.document().orElseThrow();
        Matcher code = CODE.matcher(certificate.text());
        assertThat(certificate.text()).contains("Поздравляем");
        assertThat(code.find()).isTrue();
        assertThat(pdf.fileName()).isEqualTo("certificate-" + code.group(1) + ".pdf");
        try (PdfReader reader = new PdfReader(pdf.content())) {
            assertThat(new PdfTextExtractor(reader).getTextFromPage(1))
                    .contains("Анна Петрова")
                    .contains(COURSE.title().in("ru"))
                    .contains(code.group(1));
        }
        // A retake after the course is complete issues and sends nothing more.
        takeQuiz(anna, sections.getFirst(), sections.getFirst().quiz().size());
        assertThat(anna.sent()).filteredOn(m -> m.document().isPresent()).hasSize(1);
        assertThat(db.count("SELECT count(*) FROM certificates WHERE user_id = ?", anna.id()))
                .isEqualTo(1);

        TelegramUser admin = fleet.telegram.newUser("Registrar", "en");
        AdminIT.logIn(admin, PASSWORD);
        BotMessage menu = admin.awaitMessage(
                m -> m.buttonTexts().stream().anyMatch(t -> t.contains("Find")), WAIT, "the admin menu");
        admin.pressContaining(menu, "Find");
        admin.awaitMessage(m -> m.text().contains("certificate's code"), WAIT, "the prompt");
        admin.send(code.group(1).toLowerCase());
        BotMessage card = admin.awaitMessage(m -> m.text().startsWith("👤 <b>"), WAIT, "the holder's screen");
        assertThat(card.text())
                .contains("Анна Петрова")
                .contains("id <code>" + anna.id() + "</code>")
                .contains("Certificate: <code>" + code.group(1) + "</code>, issued ");
    }

    @Test
    void aQuizBelowItsPassMarkSaysWhatPassesAndCompletesNothing() {
        TelegramUser ben = fleet.telegram.newUser("Ben", "en");
        List<Course.Section> sections = COURSE.sections();
        for (Course.Section section : sections.subList(0, sections.size() - 1)) {
            takeQuiz(ben, section, section.quiz().size());
        }
        Course.Quiz last = sections.getLast().quiz();

        BotMessage result = takeQuiz(ben, sections.getLast(), last.passScore() - 1);

        assertThat(result.text()).contains("To pass, answer " + last.passScore() + " of " + last.size() + " right");
        assertThat(db.count("SELECT count(*) FROM certificates WHERE user_id = ?", ben.id()))
                .isZero();
        assertThat(ben.sent()).noneMatch(m -> m.document().isPresent());
    }

    @Test
    void aLastAnswerRetriedAfterTheCertificateFailedToSendDeliversItOnce() {
        TelegramUser cleo = fleet.telegram.newUser("Cleo", "en");
        List<Course.Section> sections = COURSE.sections();
        for (Course.Section section : sections.subList(0, sections.size() - 1)) {
            takeQuiz(cleo, section, section.quiz().size());
        }
        // Every attempt of the gateway at the document fails: the update is handled again, the certificate issued.
        fleet.telegram.failNext("sendDocument", 5, 502);
        try {
            takeQuiz(cleo, sections.getLast(), sections.getLast().quiz().size());

            cleo.awaitMessage(m -> m.document().isPresent(), WAIT, "the certificate");
        } finally {
            fleet.telegram.clearFaults();
        }
        await().atMost(WAIT)
                .until(() -> db.count(
                                "SELECT count(*) FROM certificates WHERE user_id = ? AND document_sent_at IS NOT NULL",
                                cleo.id())
                        == 1);
        assertThat(cleo.sent()).filteredOn(m -> m.document().isPresent()).hasSize(1);
        assertThat(db.count("SELECT count(*) FROM quiz_attempts WHERE user_id = ?", cleo.id()))
                .isEqualTo(sections.size());
    }

    /** Takes a section's quiz from its command, answering the first {@code right} questions right; the result. */
    private static BotMessage takeQuiz(TelegramUser user, Course.Section section, int right) {
        int sent = user.sent().size();
        user.send("/" + section.command().orElseThrow());
        BotMessage screen = user.awaitSent(sent + 1, WAIT).getLast();
        screen = press(
                user,
                screen,
                screen.buttonTexts().stream()
                        .filter(t -> t.startsWith("📝"))
                        .findFirst()
                        .orElseThrow());
        for (int q = 0; q < section.quiz().size(); q++) {
            Course.Question question = section.quiz().questions().get(q);
            String language = user.languageCode();
            if (question.multiple()) {
                for (int option : q < right ? question.correct() : java.util.Set.of(wrong(question))) {
                    screen = press(
                            user, screen, "☐ " + question.options().get(option).in(language));
                }
                screen = press(
                        user,
                        screen,
                        screen.buttonTexts().stream()
                                .filter(t -> t.startsWith("✔"))
                                .findFirst()
                                .orElseThrow());
            } else {
                int option = q < right ? question.correct().iterator().next() : wrong(question);
                screen = press(user, screen, question.options().get(option).in(language));
            }
            screen = press(user, screen, screen.buttonTexts().getFirst());
        }
        return screen;
    }

    private static int wrong(Course.Question question) {
        for (int option = 0; ; option++) {
            if (!question.correct().contains(option)) {
                return option;
            }
        }
    }

    /** Presses a button and waits for the screen it leads to (the same message, edited). */
    private static BotMessage press(TelegramUser user, BotMessage screen, String button) {
        int answered = user.callbackAnswers().size();
        user.press(screen, button);
        user.awaitCallbackAnswers(answered + 1, WAIT);
        await().atMost(WAIT).until(() -> !user.lastMessage().equals(screen));
        return user.lastMessage();
    }
}
