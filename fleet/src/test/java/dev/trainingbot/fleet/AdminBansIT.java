package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.TelegramUser;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bans as an admin meets them, with the production defaults: the admin panel lists the bans in force, the statistics
 * count them, an admin lifts one with a button or {@code /unban}, and every ban and lift is audited.
 */
class AdminBansIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "bans are lifted by hand";
    private static FleetUnderTest fleet;
    private static FleetQueries db;

    @BeforeAll
    static void start() throws Exception {
        fleet = FleetUnderTest.builder()
                .set("ADMIN_PASS_HASH", AdminIT.generateAdminHash(PASSWORD))
                .routes(TestRoutes.echo())
                .start();
        db = new FleetQueries(fleet.database);
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void anAdminSeesABanInTheListAndTheStatisticsAndLiftsItWithItsButton() {
        TelegramUser flooder = fleet.telegram.newUser("Flooder", "en");
        ban(flooder);
        TelegramUser admin = fleet.telegram.newUser("Root", "en");
        BotMessage menu = AdminIT.logIn(admin, PASSWORD);

        admin.press(menu, "📊 Statistics");
        admin.awaitMessage(m -> m.text().contains("Banned now: 1"), WAIT, "the statistics with the ban");
        admin.press(admin.lastMessage(), "◀ Back");
        admin.awaitMessage(m -> m.text().contains("Admin panel"), WAIT, "the menu");
        admin.press(admin.lastMessage(), "⛔ Bans");
        BotMessage list = admin.awaitMessage(
                m -> m.text().contains("Bans in force</b>: 1") || m.text().contains("Bans in force: 1"),
                WAIT,
                "the list of bans");
        assertThat(list.text()).contains(Long.toString(flooder.id())).contains("left");

        admin.press(list, "Lift " + flooder.id());
        admin.awaitMessage(m -> m.text().contains("is lifted"), WAIT, "the lift");

        int answers = flooder.sent().size();
        flooder.send("/echo free again");
        assertThat(flooder.awaitSent(answers + 1, WAIT).getLast().text()).isEqualTo("echo free again");
        await().atMost(WAIT)
                .until(() -> db.strings(
                                "SELECT type FROM audit_log WHERE user_id = ? AND type LIKE 'throttle.%'"
                                        + " ORDER BY ts",
                                flooder.id())
                        .equals(java.util.List.of("throttle.ban", "throttle.unban")));
    }

    @Test
    void unbanLiftsABanByUserIdAndSaysSoWhenThereIsNone() {
        TelegramUser flooder = fleet.telegram.newUser("Spammer", "ru");
        ban(flooder);
        TelegramUser admin = fleet.telegram.newUser("Operator", "en");
        AdminIT.logIn(admin, PASSWORD);

        admin.send("/unban " + flooder.id());
        admin.awaitMessage(m -> m.text().contains("The ban of " + flooder.id() + " is lifted"), WAIT, "the lift");
        admin.send("/unban " + flooder.id());
        admin.awaitMessage(m -> m.text().contains(flooder.id() + " is not banned"), WAIT, "nothing to lift");
        admin.send("/unban @nobody_here");
        admin.awaitMessage(m -> m.text().contains("I know no user @nobody_here"), WAIT, "an unknown name");

        int answers = flooder.sent().size();
        flooder.send("/echo снова");
        assertThat(flooder.awaitSent(answers + 1, WAIT).getLast().text()).isEqualTo("echo снова");
    }

    @Test
    void aBannedLearnersScreenInTheLearnerToolsShowsTheBanAndLiftsIt() {
        TelegramUser flooder = fleet.telegram.newUser("Quickfingers", "en");
        ban(flooder);
        TelegramUser admin = fleet.telegram.newUser("Keeper", "en");
        BotMessage menu = AdminIT.logIn(admin, PASSWORD);
        admin.pressContaining(menu, "Find");
        admin.awaitMessage(m -> m.text().contains("Send the id"), WAIT, "the prompt");

        admin.send(Long.toString(flooder.id()));
        BotMessage card = admin.awaitMessage(m -> m.text().startsWith("👤 <b>Quickfingers"), WAIT, "the screen");

        assertThat(card.text()).containsPattern("Banned: until \\d{4}-\\d{2}-\\d{2}");
        admin.press(card, "🔓 Lift the ban");
        admin.awaitMessage(m -> m.text().contains("is lifted"), WAIT, "the lift");
        int answers = flooder.sent().size();
        flooder.send("/echo back");
        assertThat(flooder.awaitSent(answers + 1, WAIT).getLast().text()).isEqualTo("echo back");
    }

    @Test
    void unbanIsForAdminsOnly() {
        TelegramUser stranger = fleet.telegram.newUser("Stranger", "en");

        stranger.send("/unban 12345");

        assertThat(stranger.awaitSent(1, WAIT).getLast().text()).contains("admin session has ended");
    }

    /** Three bursts of six, a violation window apart on the throttle's clock: the third bans the user. */
    private static void ban(TelegramUser user) {
        for (int violation = 1; violation <= 3; violation++) {
            int before = user.sent().size();
            for (int i = 0; i < 6; i++) {
                user.send("/echo " + violation + "." + i);
            }
            user.awaitSent(before + 6, WAIT);
            if (violation < 3) {
                fleet.clock.skip(Duration.ofSeconds(11));
            }
        }
        assertThat(user.sent().getLast().text()).startsWith("⛔");
    }
}
