package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.TelegramUser;
import dev.trainingbot.testkit.telegram.TranscriptEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A legacy SHA-256 admin hash of the Python bot still logs in, and the login is audited as such; with an
 * {@code ADMIN_IDS} allow-list, only the users on it may try.
 */
class LegacyAdminHashIT {

    private static final String PASSWORD = "the old admin password";
    private static final long ADMIN = 4_242;
    private static final long OTHER_ADMIN = 4_343;
    private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(30);
    private static FleetUnderTest fleet;

    @BeforeAll
    static void start() throws Exception {
        String sha256 = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(PASSWORD.getBytes(StandardCharsets.UTF_8)));
        fleet = FleetUnderTest.builder()
                .set("ADMIN_PASS_HASH", sha256)
                .set("ADMIN_IDS", ADMIN + ", " + OTHER_ADMIN)
                .start();
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void aUserNotOnTheAllowListIsRefusedBeforeAnyPasswordIsAskedFor() {
        TelegramUser stranger = fleet.telegram.newUser("Stranger", "en");

        stranger.send("/admin");

        assertThat(stranger.awaitSent(1, WAIT).getLast().text()).contains("not allowed to use the admin panel");
        stranger.send("a guess at the password");
        assertThat(stranger.awaitSent(2, WAIT).getLast().text())
                .as("the password is not asked for, so not taken either")
                .contains("Use the buttons");
        assertThat(stranger.transcript()).noneMatch(TranscriptEvent.Deleted.class::isInstance);
    }

    @Test
    void everyUserOnTheAllowListMayLogIn() {
        TelegramUser other = fleet.telegram.newUser(OTHER_ADMIN, "Second", "en");

        assertThat(AdminIT.logIn(other, PASSWORD).text()).contains("Admin panel");
    }

    @Test
    void aLegacySha256HashLogsInAndIsMarkedLegacy() {
        TelegramUser admin = fleet.telegram.newUser(ADMIN, "Oldtimer", "en");

        BotMessage menu = AdminIT.logIn(admin, PASSWORD);

        assertThat(menu.text()).contains("Admin panel");
        FleetQueries db = new FleetQueries(fleet.database);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> !db.strings(
                                "SELECT details->>'legacy_hash' FROM audit_log WHERE user_id = ?"
                                        + " AND details->>'admin' = 'login_accepted'",
                                admin.id())
                        .isEmpty());
        assertThat(db.strings(
                        "SELECT details->>'legacy_hash' FROM audit_log WHERE user_id = ?"
                                + " AND details->>'admin' = 'login_accepted'",
                        admin.id()))
                .containsExactly("true");
    }
}
