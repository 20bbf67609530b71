package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.TelegramUser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A legacy SHA-256 admin hash of the Python bot still logs in, and the login is audited as such. */
class LegacyAdminHashIT {

    private static final String PASSWORD = "the old admin password";
    private static FleetUnderTest fleet;

    @BeforeAll
    static void start() throws Exception {
        String sha256 = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(PASSWORD.getBytes(StandardCharsets.UTF_8)));
        fleet = FleetUnderTest.builder().set("ADMIN_PASS_HASH", sha256).start();
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void aLegacySha256HashLogsInAndIsMarkedLegacy() {
        TelegramUser admin = fleet.telegram.newUser("Oldtimer", "en");

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
