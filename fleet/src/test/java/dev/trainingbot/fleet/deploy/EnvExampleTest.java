package dev.trainingbot.fleet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * .env.example documents every variable the services read, writes down their real defaults, and holds no secret.
 */
class EnvExampleTest {

    private static final String ENV_EXAMPLE = ".env.example";

    /** Values .env.example must set because they have no default: where the bundled Kafka and Redis are. */
    private static final Set<String> CONNECTIONS = Set.of("KAFKA_BOOTSTRAP_SERVERS", "REDIS_URL");

    @Test
    void documentsEveryVariableTheServicesRead() {
        String example = Repository.read(ENV_EXAMPLE);

        assertThat(variablesReadBySources())
                .hasSizeGreaterThan(40)
                .allSatisfy(name -> assertThat(example)
                        .as("%s documented in %s", name, ENV_EXAMPLE)
                        .containsPattern("\\b" + name + "\\b"));
    }

    @ParameterizedTest
    @EnumSource(FleetService.class)
    void valuesItWritesDownAreTheServicesDefaults(FleetService service) {
        Map<String, String> example = OperatorSecrets.fill(Repository.dotEnv(ENV_EXAMPLE));
        example.put("DATABASE_URL", "postgresql://trainingbot:test-password@postgres:5432/trainingbot");
        Map<String, String> required = new HashMap<>();
        for (String name : List.of("BOT_TOKEN", "WEBHOOK_SECRET", "DATABASE_URL")) {
            required.put(name, example.get(name));
        }
        CONNECTIONS.forEach(name -> required.put(name, example.get(name)));

        Record documented = service.configure(example).config();
        Record defaults = service.configure(required).config();

        assertThat(documented).isEqualTo(defaults);
    }

    @Test
    void leavesEverySecretEmpty() {
        Map<String, String> example = Repository.dotEnv(ENV_EXAMPLE);

        assertThat(example)
                .containsEntry("BOT_TOKEN", "")
                .containsEntry("WEBHOOK_SECRET", "")
                .containsEntry("POSTGRES_PASSWORD", "")
                .containsEntry("ADMIN_PASS_HASH", "")
                .containsEntry("SENTRY_DSN", "")
                .doesNotContainKey("DATABASE_URL");
        assertThat(example.keySet().stream().toList().subList(0, 4))
                .as("the seed's names come first")
                .containsExactly("BOT_TOKEN", "REDIS_URL", "REDIS_FSM_DB", "REDIS_THROTTLE_DB");
    }

    /** Every variable a service reads, found by asking the services' code ({@link FleetService#variablesRead()}). */
    private static Set<String> variablesReadBySources() {
        Set<String> names = new TreeSet<>();
        for (FleetService service : FleetService.values()) {
            names.addAll(service.variablesRead());
        }
        return names;
    }
}
