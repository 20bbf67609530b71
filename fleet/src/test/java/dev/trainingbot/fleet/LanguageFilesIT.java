package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.TelegramUser;
import dev.trainingbot.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A third language added by files alone — {@code i18n/messages_de.properties} and a course in English and German
 * ({@code content/course_en_de.yaml}, translated in part), both test resources, no code — spoken by a fleet of two
 * workers with the production defaults: the UI, the course with its untranslated texts in English, the language menu
 * and Telegram's command menu.
 */
class LanguageFilesIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration PACE = Duration.ofMillis(1_100);
    private static FleetUnderTest fleet;
    private static FleetQueries db;

    @BeforeAll
    static void start() throws Exception {
        Path course = Path.of(
                LanguageFilesIT.class.getResource("/content/course_en_de.yaml").toURI());
        fleet = FleetUnderTest.builder()
                .workers(2)
                .set("CONTENT_PATH", course.toString())
                .start();
        db = new FleetQueries(fleet.database);
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void aGermanSpeakerReadsTheCourseInGermanAndItsUntranslatedTextsInEnglish() {
        TelegramUser hans = fleet.telegram.newUser("Hans", "de");
        hans.send("/start");
        BotMessage menu = hans.awaitSent(1, WAIT).getFirst();
        assertThat(plain(menu.text())).contains("Hallo, Hans");

        BotMessage screen = press(hans, menu, "📚 Abschnitte");
        assertThat(plain(screen.text())).contains("Arbeitssicherheit").contains("Wähle einen Abschnitt");
        screen = press(hans, screen, "Brandschutz");
        assertThat(plain(screen.text())).contains("Gelesene Lektionen: 0 von 2");
        assertThat(screen.buttonTexts()).contains("Notausgänge", "Assembly point", "📝 Zum Test");
        screen = press(hans, screen, "Notausgänge");
        assertThat(plain(screen.text())).contains("Halte sie jederzeit frei");
        screen = press(hans, screen, "Weiter ▶");
        assertThat(plain(screen.text()))
                .contains("Brandschutz · 2 von 2")
                .contains("leave the building and meet at the assembly point");
        pause();
        screen = press(hans, screen, "📝 Test ▶");
        assertThat(plain(screen.text()))
                .contains("Brandschutz · Frage 1 von 2")
                .contains("Welche Farbe kennzeichnet einen Notausgang?");
        assertThat(screen.buttonTexts()).containsExactly("Grün", "Rot");
    }

    @Test
    void theCommandMenuSpeaksEveryLanguageOfTheBundlesAndTheFleetRegistersItOnce() {
        await().atMost(WAIT).until(() -> fleet.telegram.defaultMenuButton().equals("commands"));

        assertThat(fleet.telegram.commandMenuFor("de"))
                .containsExactly(
                        "start — Hauptmenü öffnen",
                        "progress — Dein Fortschritt",
                        "language — Sprache wählen",
                        "help — Was ich kann");
        assertThat(fleet.telegram.commandMenuFor("ru")).first().isEqualTo("start — Открыть главное меню");
        assertThat(fleet.telegram.commandMenuFor("fr")).first().isEqualTo("start — Open the main menu");
        assertThat(fleet.telegram.calls("setMyCommands"))
                .as("de, en, ru and the default, by one of the two workers")
                .isEqualTo(4);
        assertThat(fleet.telegram.calls("setChatMenuButton")).isEqualTo(1);
    }

    @Test
    void aRussianSpeakerSwitchesToGermanAndKeepsItWhenEveryWorkerIsReplaced() throws Exception {
        TelegramUser olga = fleet.telegram.newUser("Olga", "ru");
        olga.send("/start");
        BotMessage sections = press(olga, olga.awaitSent(1, WAIT).getFirst(), "📚 Разделы");
        assertThat(plain(sections.text())).contains("Workplace safety").contains("Выберите раздел");

        olga.send("/language");
        BotMessage choices = olga.awaitSent(2, WAIT).getLast();
        assertThat(choices.buttonTexts()).containsSubsequence("Deutsch", "English", "✅ Русский");
        BotMessage chosen = press(olga, choices, "Deutsch");
        assertThat(plain(chosen.text())).contains("Ab jetzt spreche ich Deutsch mit dir");
        assertThat(db.strings("SELECT language FROM users WHERE id = ?", olga.id()))
                .containsExactly("de");

        List<Worker> old = List.copyOf(fleet.fleet.workers());
        fleet.fleet.addWorker();
        fleet.fleet.addWorker();
        old.forEach(fleet.fleet::stopWorker);
        fleet.awaitSettledGroup(4);
        olga.send("/start");

        assertThat(plain(olga.awaitSent(3, WAIT).getLast().text())).contains("Hallo, Olga");
    }

    /** A person's pause between two inputs: the throttle's bucket (burst 5, a token a second) refills. */
    private static void pause() {
        await().pollDelay(PACE).atMost(PACE.plusSeconds(1)).until(() -> true);
    }

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
