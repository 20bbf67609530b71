package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.common.config.Env;
import dev.trainingbot.testkit.postgres.TestDatabase;
import dev.trainingbot.testkit.redis.TestRedis;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What {@code bin/fleet} tells a person whose Redis or PostgreSQL does not let the local fleet start. */
class LocalServersIT {

    private static TestDatabase database;

    @BeforeAll
    static void create() {
        database = TestDatabase.create();
    }

    @AfterAll
    static void drop() {
        database.close();
    }

    @Test
    void serversThatAnswerLeaveNothingToDo() {
        List<String> problems = LocalServers.problems(
                Env.of(Map.of("REDIS_URL", TestRedis.serverUrl(), "DATABASE_URL", database.url())));

        assertThat(problems).isEmpty();
    }

    @Test
    void serversThatDoNotAnswerAreToldToBeStarted() {
        int closed = FleetUnderTest.freePort();

        List<String> problems = LocalServers.problems(Env.of(Map.of(
                "REDIS_URL", "redis://127.0.0.1:" + closed,
                "DATABASE_URL", "postgresql://postgres@127.0.0.1:" + closed + "/trainingbot")));

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("Redis is not reachable at redis://127.0.0.1:" + closed);
        assertThat(problems.get(1))
                .startsWith("PostgreSQL is not reachable at jdbc:postgresql://127.0.0.1:" + closed + "/trainingbot")
                .contains("Start it");
    }

    @Test
    void credentialsThePostgresqlThatAnswersRefusesAreToldApartWithHowToGiveThem() {
        String server = database.settings().jdbcUrl();
        String wrong = server + (server.contains("?") ? "&" : "?") + "user=no_such_role&password=not-this-one";

        List<String> problems =
                LocalServers.problems(Env.of(Map.of("REDIS_URL", TestRedis.serverUrl(), "DATABASE_URL", wrong)));

        assertThat(problems)
                .singleElement()
                .satisfies(message -> assertThat(message)
                        .startsWith("PostgreSQL at " + server + " answers but refuses user no_such_role (28")
                        .contains("DATABASE_URL=postgresql://postgres:<password>@127.0.0.1:5432/trainingbot")
                        .doesNotContain("Start it")
                        .doesNotContain("not-this-one"));
    }
}
