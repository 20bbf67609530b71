package dev.trainingbot.fleet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * .env.example documents every variable the services read, writes down their real defaults, and holds no secret.
 */
class EnvExampleTest {

    private static final String ENV_EXAMPLE = ".env.example";

    /** The modules whose main code the services run; the fleet module's local runner has variables of its own. */
    private static final List<String> SERVICE_SOURCES =
            List.of("common/src/main", "ingress/src/main", "worker/src/main", "audit-consumer/src/main");

    /** A variable read through ConfigReader or Env ({@code config.integer("NAME", …)}, {@code env.get("NAME")}). */
    private static final Pattern READ_IN_JAVA = Pattern.compile(
            "\\b(?:get|required\\w*|optional\\w*|string|oneOf|integer|number|decimal|bool|millis|seconds|httpUrl|parsed)"
                    + "\\(\\s*\"([A-Z][A-Z0-9_]{2,})\"");

    /** A variable logback substitutes ({@code ${LOG_LEVEL:-INFO}}). */
    private static final Pattern READ_IN_XML = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]{2,}):-");

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

    private static Set<String> variablesReadBySources() {
        Set<String> names = new TreeSet<>();
        for (String root : SERVICE_SOURCES) {
            try (Stream<Path> files = Files.walk(Repository.file(root))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".java")) {
                        collect(READ_IN_JAVA, Files.readString(file), names);
                    } else if (name.endsWith(".xml")) {
                        collect(READ_IN_XML, Files.readString(file), names);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    private static void collect(Pattern pattern, String text, Set<String> names) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
    }
}
