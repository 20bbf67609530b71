package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.TelegramUser;
import dev.trainingbot.worker.Worker;
import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.CourseLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /language} through the whole fleet, with the production defaults: the choice overrides Telegram's. */
class LanguageIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration PACE = Duration.ofMillis(1_100);
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
    void telegramsCommandMenuOffersTheCommandsInEachLanguageWithTheMenuButtonSetToThem() {
        await().atMost(WAIT).until(() -> fleet.telegram.defaultMenuButton().equals("commands"));

        assertThat(fleet.telegram.commandMenuFor("en"))
                .containsExactly(
                        "start — Open the main menu",
                        "progress — How far you have come",
                        "language — Choose the language I speak",
                        "help — What I can do");
        assertThat(fleet.telegram.commandMenuFor("ru")).contains("language — Выбрать язык общения");
        assertThat(fleet.telegram.commandMenuFor(null)).isEqualTo(fleet.telegram.commandMenuFor("en"));
    }

    @Test
    void theLanguageMenuOffersEveryLanguageInItsOwnNameTheCurrentOneMarked() {
        TelegramUser ann = fleet.telegram.newUser("Ann", "en");
        ann.send("/language");

        BotMessage menu = ann.awaitSent(1, WAIT).getFirst();

        assertThat(menu.text()).contains("Choose the language I speak with you");
        assertThat(menu.buttonTexts()).contains("✅ English", "Русский", "☰ Menu");
    }

    @Test
    void aChosenLanguageOverridesTelegramsAndIsKeptWhenTheWorkerIsReplaced() throws Exception {
        TelegramUser ben = fleet.telegram.newUser("Ben", "en");
        ben.send("/language");
        BotMessage chosen = press(ben, ben.awaitSent(1, WAIT).getFirst(), "Русский");

        assertThat(plain(chosen.text())).contains("Теперь я говорю с вами на языке: Русский");
        assertThat(chosen.buttonTexts()).containsExactly("☰ Меню");
        assertThat(db.strings("SELECT language FROM users WHERE id = ?", ben.id()))
                .containsExactly("ru");
        ben.send("/start");
        assertThat(plain(ben.awaitSent(2, WAIT).getLast().text())).contains("Здравствуйте, Ben");

        Worker old = fleet.fleet.workers().getFirst();
        fleet.fleet.addWorker();
        fleet.fleet.stopWorker(old);
        fleet.awaitSettledGroup(4);
        ben.send("/progress");

        assertThat(ben.awaitSent(3, WAIT).getLast().text()).contains("Мой прогресс");
    }

    @Test
    void switchingMidQuizKeepsTheQuizAndTheProgressInTheNewLanguage() {
        TelegramUser cat = fleet.telegram.newUser("Cat", "en");
        cat.send("/general_info");
        BotMessage section = cat.awaitSent(1, WAIT).getFirst();
        press(cat, section, GENERAL.lessons().getFirst().title().in("en"));
        cat.send("/general_info");
        BotMessage quiz = press(cat, cat.awaitSent(2, WAIT).getLast(), "📝 Take the quiz");
        assertThat(quiz.text()).contains("question 1 of 3");

        pause();
        cat.send("/language");
        pause();
        press(cat, cat.awaitSent(3, WAIT).getLast(), "Русский");
        pause();
        cat.send("where was I?");

        BotMessage reminder = cat.awaitSent(4, WAIT).getLast();
        assertThat(plain(reminder.text()))
                .contains("У вас незаконченный тест")
                .contains("вопрос 1 из 3")
                .contains(plain(GENERAL.quiz().questions().getFirst().text().in("ru")));
        pause();
        cat.send("/progress");
        assertThat(plain(cat.awaitSent(5, WAIT).getLast().text()))
                .contains(GENERAL.title().in("ru"))
                .contains("уроки 1 из " + GENERAL.lessons().size());
    }

    @Test
    void aButtonOfALanguageNoLongerSpokenIsAnsweredWithTheLanguagesOfToday() {
        TelegramUser dan = fleet.telegram.newUser("Dan", "en");
        dan.send("/language");
        BotMessage menu = dan.awaitSent(1, WAIT).getFirst();

        for (String stale : List.of("1:lang:xx", "1:lang", "1:lang:ru:extra")) {
            int answered = dan.callbackAnswers().size();
            dan.pressCallbackData(menu.messageId(), stale);
            assertThat(dan.awaitCallbackAnswers(answered + 1, WAIT).getLast().text())
                    .isEqualTo("This language is no longer available. Choose one of these.");
        }

        assertThat(dan.lastMessage().buttonTexts()).contains("✅ English", "Русский");
        assertThat(db.strings("SELECT coalesce(language, 'none') FROM users WHERE id = ?", dan.id()))
                .containsExactly("none");
        assertThat(fleet.deadLetters())
                .noneMatch(record ->
                        new String(record.key(), StandardCharsets.US_ASCII).equals(Long.toString(dan.chatId())));
    }

    /**
     * A person's pause between two inputs: the throttle's bucket (burst 5, a token a second by default) refills, as it
     * does for anyone reading the bot's answers.
     */
    private static void pause() {
        await().pollDelay(PACE).atMost(PACE.plusSeconds(1)).until(() -> true);
    }

    /** A course text as the user sees it: without its HTML tags. */
    private static String plain(String html) {
        return html.replaceAll("<[^>]+>", "");
    }

    private static BotMessage press(TelegramUser user, BotMessage screen, String button) {
        int answered = user.callbackAnswers().size();
        user.press(screen, button);
        user.awaitCallbackAnswers(answered + 1, WAIT);
        await().atMost(WAIT).until(() -> !user.lastMessage().equals(screen));
        return user.lastMessage();
    }
}
