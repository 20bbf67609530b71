package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.Button;
import dev.trainingbot.testkit.telegram.FloodPolicy;
import dev.trainingbot.testkit.telegram.TelegramUser;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cohorts through deep links, with the production defaults and Telegram's flood limits: an admin creates an
 * invitation in the panel and gets its {@code t.me} link; a person opening it ({@code /start <code>}) is enrolled
 * once, asked before moving to another cohort; malformed, unknown and revoked codes are said so above the usual
 * greeting; the statistics, the CSV export and the learner screen show the cohort.
 */
class CohortIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "cohort admin password";
    private static final Pattern LINK = Pattern.compile("https://t\\.me/trainingbot_test_bot\\?start=([A-Za-z0-9_-]+)");
    private static FleetUnderTest fleet;
    private static FleetQueries db;

    @BeforeAll
    static void start() throws Exception {
        fleet = FleetUnderTest.builder()
                .set("ADMIN_PASS_HASH", AdminIT.generateAdminHash(PASSWORD))
                .set("TELEGRAM_GLOBAL_RATE", "30")
                .set("TELEGRAM_CHAT_RATE", "1")
                .set("TELEGRAM_CHAT_BURST", "3")
                .start();
        fleet.telegram.enforce(FloodPolicy.telegram());
        db = new FleetQueries(fleet.database);
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void aLinkEnrolsOnceAndASecondCohortsLinkAsksBeforeMoving() {
        TelegramUser admin = fleet.telegram.newUser("Cohort admin", "en");
        String spring = create(admin, "Spring <onboarding>; 2027-03-01");
        String autumn = create(admin, "Autumn");
        assertThat(spring).hasSizeBetween(16, 64).isNotEqualTo(autumn);
        TelegramUser learner = fleet.telegram.newUser("Petra Linkopener", "en");

        BotMessage welcome = start(learner, spring);
        assertThat(welcome.text())
                .startsWith("🎟 Welcome to the cohort <b>Spring &lt;onboarding&gt;</b>! It starts on 2027-03-01.")
                .contains("Hello, <b>Petra Linkopener</b>");
        assertThat(start(learner, spring).text())
                .startsWith("🎟 You are already in the cohort <b>Spring &lt;onboarding&gt;</b>.")
                .contains("Hello, <b>Petra Linkopener</b>");

        BotMessage question = start(learner, autumn);
        assertThat(question.text())
                .contains("You are in the cohort <b>Spring &lt;onboarding&gt;</b>")
                .contains("the cohort <b>Autumn</b>: move there?");
        learner.press(question, "✖ No, stay");
        learner.awaitMessage(m -> m.text().startsWith("You stay in the cohort"), WAIT, "stayed");
        assertThat(cohortOf(learner)).isEqualTo("Spring <onboarding>");

        question = start(learner, autumn);
        Button yes = question.button("✅ Yes, move me").orElseThrow();
        learner.press(question, "✅ Yes, move me");
        learner.awaitMessage(m -> m.text().equals("✅ You are now in the cohort <b>Autumn</b>."), WAIT, "moved");
        assertThat(cohortOf(learner)).isEqualTo("Autumn");
        // The same button pressed again (a client that missed the edit) changes nothing and says so.
        learner.pressCallbackData(question.messageId(), yes.callbackData());
        learner.awaitMessage(m -> m.text().startsWith("🎟 You are already in the cohort <b>Autumn"), WAIT, "again");

        await().atMost(WAIT)
                .until(
                        () -> db.strings(
                                "SELECT type FROM audit_log WHERE user_id = ? AND type LIKE 'cohort.%' ORDER BY ts",
                                learner.id()),
                        List.of("cohort.enrolled", "cohort.switched")::equals);
        assertThat(db.strings(
                        "SELECT details->>'cohort' FROM audit_log WHERE user_id = ? AND type = 'cohort.created'"
                                + " ORDER BY ts",
                        admin.id()))
                .containsExactly("Spring <onboarding>", "Autumn");
        assertThat(fleet.deadLetters()).isEmpty();
    }

    @Test
    void malformedUnknownAndRevokedCodesAreSaidSoAboveTheUsualGreeting() {
        TelegramUser admin = fleet.telegram.newUser("Revoking admin", "en");
        String code = create(admin, "Withdrawn soon");
        TelegramUser learner = fleet.telegram.newUser("Quentin Badlink", "en");

        for (String forged : List.of("A".repeat(65), "bad$chars!", "two words", "doesNotExist123456")) {
            BotMessage answer = start(learner, forged);
            assertThat(answer.text())
                    .as(forged)
                    .startsWith("⚠️ This invitation link is not valid")
                    .contains("Hello, <b>Quentin Badlink</b>");
            assertThat(answer.buttonTexts()).isNotEmpty();
        }

        BotMessage list = admin.awaitMessage(m -> m.buttonTexts().contains("🚫 Revoke «Withdrawn soon»"), WAIT, "list");
        admin.press(list, "🚫 Revoke «Withdrawn soon»");
        admin.awaitMessage(m -> m.text().contains("is revoked: its link enrols nobody more"), WAIT, "revoked");
        assertThat(start(learner, code).text())
                .startsWith("⚠️ This invitation has been withdrawn")
                .contains("Hello, <b>Quentin Badlink</b>");
        assertThat(db.count("SELECT count(*) FROM cohort_members WHERE user_id = ?", learner.id()))
                .isZero();
        await().atMost(WAIT)
                .until(() -> db.count(
                                "SELECT count(*) FROM audit_log WHERE user_id = ? AND type = 'cohort.revoked'",
                                admin.id())
                        == 1);
        assertThat(fleet.deadLetters()).isEmpty();
    }

    @Test
    void aNameOrDateThatWillNotDoIsExplainedAndAskedAgain() {
        TelegramUser admin = fleet.telegram.newUser("Typo admin", "ru");
        BotMessage menu = AdminIT.logIn(admin, PASSWORD);
        admin.press(menu, "🎟 Приглашения");
        BotMessage list = admin.awaitMessage(m -> m.text().contains("Действующие приглашения"), WAIT, "the list");
        admin.press(list, "➕ Новое приглашение");
        admin.awaitMessage(m -> m.text().contains("Пришлите название потока"), WAIT, "the prompt");

        admin.send("Зима; 2027-02-30");
        admin.awaitMessage(m -> m.text().contains("«2027-02-30» — не дата"), WAIT, "the date refused");
        admin.send("x".repeat(65));
        admin.awaitMessage(m -> m.text().contains("Название длиннее 64 символов"), WAIT, "the name refused");
        admin.send("Зима; 2027-02-01");

        BotMessage created = admin.awaitMessage(m -> m.text().contains("создано"), WAIT, "the link");
        assertThat(LINK.matcher(created.text()).find()).isTrue();
        assertThat(created.text()).contains("<b>Зима</b>, начало 2027-02-01");
    }

    @Test
    void statisticsTheExportAndTheLearnerScreenShowTheCohort() {
        TelegramUser admin = fleet.telegram.newUser("Reporting admin", "en");
        String code = create(admin, "Reported cohort; 2027-05-10");
        TelegramUser learner = fleet.telegram.newUser("Rita Reported", "en");
        start(learner, code);

        BotMessage menu = menu(admin);
        admin.press(menu, "📊 Statistics");
        BotMessage statistics = admin.awaitMessage(m -> m.text().contains("By cohort"), WAIT, "statistics");
        assertThat(statistics.text())
                .contains("• <b>Reported cohort</b>, starts on 2027-05-10: learners 1 · active in 7 days 1")
                .contains("• no cohort: learners ");
        admin.press(statistics, "◀ Back");
        menu = admin.awaitMessage(m -> m.text().contains("Admin panel"), WAIT, "the menu");
        admin.press(menu, "📤 Export users (CSV)");
        BotMessage export = admin.awaitMessage(m -> m.document().isPresent(), WAIT, "the CSV export");
        String csv = export.document().orElseThrow().contentAsText();
        assertThat(csv.lines().findFirst().orElseThrow()).contains(",blocked_at,cohort,cohort_starts_on,");
        assertThat(csv.lines().filter(line -> line.startsWith(learner.id() + ",")))
                .singleElement()
                .asString()
                .contains(",Reported cohort,2027-05-10,");

        BotMessage withFind = admin.awaitMessage(
                m -> m.buttonTexts().stream().anyMatch(text -> text.contains("Find")), WAIT, "a find button");
        admin.pressContaining(withFind, "Find");
        admin.awaitMessage(m -> m.text().contains("Send the id, @username or name"), WAIT, "the prompt");
        admin.send("Rita Reported");
        BotMessage card = admin.awaitMessage(m -> m.text().startsWith("👤 <b>Rita"), WAIT, "the learner");
        assertThat(card.text()).contains("Cohort: Reported cohort, starts on 2027-05-10");
    }

    /** Opens the invitations from the admin menu, creates one from {@code text}; returns its code, from the link. */
    private static String create(TelegramUser admin, String text) {
        BotMessage menu = menu(admin);
        admin.press(menu, "🎟 Invitations");
        BotMessage list = admin.awaitMessage(
                m -> m.messageId() == menu.messageId() && m.text().contains("Invitations</b> in force"),
                WAIT,
                "the list");
        int sent = admin.sent().size();
        admin.press(list, "➕ New invitation");
        assertThat(admin.awaitSent(sent + 1, WAIT).getLast().text()).contains("Send the cohort's name");
        admin.send(text);
        BotMessage created = admin.awaitSent(sent + 2, WAIT).getLast();
        Matcher link = LINK.matcher(created.text());
        assertThat(link.find()).as(created.text()).isTrue();
        admin.press(created, "🎟 Invitations");
        admin.awaitMessage(
                m -> m.messageId() == created.messageId() && m.text().contains(link.group(0)), WAIT, "listed");
        return link.group(1);
    }

    /** The admin menu: after the password the first time, else {@code /admin} shows it to an open session. */
    private static BotMessage menu(TelegramUser admin) {
        if (admin.sent().isEmpty()) {
            return AdminIT.logIn(admin, PASSWORD);
        }
        int sent = admin.sent().size();
        admin.send("/admin");
        return admin.awaitSent(sent + 1, WAIT).getLast();
    }

    /** Opens the deep link with {@code code}: sends {@code /start <code>}; returns the answer. */
    private static BotMessage start(TelegramUser user, String code) {
        int sent = user.sent().size();
        user.send("/start " + code);
        return user.awaitSent(sent + 1, WAIT).getLast();
    }

    private static String cohortOf(TelegramUser user) {
        return db.strings(
                        "SELECT c.name FROM cohort_members m JOIN cohorts c ON c.id = m.cohort_id WHERE m.user_id = ?",
                        user.id())
                .getFirst();
    }
}
