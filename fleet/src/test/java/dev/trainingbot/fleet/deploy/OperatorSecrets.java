package dev.trainingbot.fleet.deploy;

import java.util.HashMap;
import java.util.Map;

/**
 * The secrets the repository leaves empty on purpose (.env.example, the Secret template) and an operator fills in,
 * with well-formed stand-ins for the tests: BOT_TOKEN and POSTGRES_PASSWORD, without which Compose refuses to start,
 * and WEBHOOK_SECRET, which webhook mode needs.
 */
final class OperatorSecrets {

    static final Map<String, String> STAND_INS = Map.of(
            "BOT_TOKEN", "123456789:AAtest-token",
            "WEBHOOK_SECRET", "test-webhook-secret",
            "POSTGRES_PASSWORD", "test-password");

    private OperatorSecrets() {}

    /** {@code values} with every empty entry that has a stand-in filled in. */
    static Map<String, String> fill(Map<String, String> values) {
        Map<String, String> filled = new HashMap<>(values);
        STAND_INS.forEach((name, value) -> {
            if (filled.getOrDefault(name, "").isEmpty() && filled.containsKey(name)) {
                filled.put(name, value);
            }
        });
        return filled;
    }
}
