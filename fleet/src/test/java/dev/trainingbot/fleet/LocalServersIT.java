package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.common.config.Env;
import dev.trainingbot.testkit.postgres.TestDatabase;
import dev.trainingbot.testkit.redis.TestRedis;
import io.lettuce.core.RedisClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code bin/fleet} does on a machine whose Redis or PostgreSQL does not answer: starts its own, keeping the
 * database's data across runs, or tells the person what to do.
 */
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

    @Test
    void withoutARedisOnItsPortTheLocalFleetStartsRedisServer() {
        int closed = FleetUnderTest.freePort();

        try (LocalServers servers = LocalServers.provide(
                Env.of(Map.of("DATABASE_URL", database.url())),
                "redis://127.0.0.1:" + closed,
                database.url(),
                Path.of("unused"))) {
            assertThat(servers.problems()).isEmpty();
            String url = servers.urls().get("REDIS_URL");
            assertThat(url).isNotEqualTo("redis://127.0.0.1:" + closed);
            RedisClient client = RedisClient.create(url);
            try (var connection = client.connect()) {
                assertThat(connection.sync().ping()).isEqualTo("PONG");
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void withoutAPostgresqlOnItsPortTheLocalFleetRunsItsOwnAndTheProgressSurvivesARestart(@TempDir Path dir)
            throws Exception {
        Path data = Files.createDirectories(dir.resolve("postgres"));
        int closed = FleetUnderTest.freePort();

        List<String> first = runLocalDatabase(data, closed, "onboarding");
        List<String> second = runLocalDatabase(data, closed, "security");

        assertThat(first).contains("finished: 1");
        assertThat(second).contains("finished: 2");
        assertThat(data.resolve("PG_VERSION")).exists();
    }

    /**
     * Runs {@link LocalDatabaseRun} in a JVM of its own, as an unprivileged user when this one is root (PostgreSQL
     * refuses to run as root); returns its output lines. The JVM's class path is a copy beside the data, since the
     * unprivileged user may not be able to read the checkout the tests run in.
     */
    private static List<String> runLocalDatabase(Path data, int closedPort, String course) throws Exception {
        Path classPath = classPathBeside(data);
        List<String> command = new ArrayList<>();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            UserPrincipalLookupService users = data.getFileSystem().getUserPrincipalLookupService();
            try (var tree = Files.walk(data.getParent())) {
                for (Path p : (Iterable<Path>) tree::iterator) {
                    Files.setOwner(p, users.lookupPrincipalByName("nobody"));
                }
            }
            command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        }
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + data.getParent(),
                "-cp",
                classPath.resolve("fleet.jar") + ":" + classPath.resolve("classes"),
                LocalDatabaseRun.class.getName(),
                data.toString(),
                Integer.toString(closedPort),
                TestRedis.serverUrl(),
                course));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        List<String> lines = new String(output, StandardCharsets.UTF_8).lines().toList();
        assertThat(process.exitValue()).as(String.join("\n", lines)).isZero();
        return lines;
    }

    /** The fleet's jar and {@link LocalDatabaseRun}'s classes, copied into a directory beside {@code data}. */
    private static Path classPathBeside(Path data) throws Exception {
        Path classPath = data.resolveSibling("classpath");
        if (Files.exists(classPath)) {
            return classPath;
        }
        String classFile = LocalDatabaseRun.class.getName().replace('.', '/') + ".class";
        Path compiled = Path.of("target", "test-classes", classFile);
        Path copy = classPath.resolve("classes").resolve(classFile);
        Files.createDirectories(copy.getParent());
        Files.copy(compiled, copy);
        Files.copy(Path.of("target", "fleet.jar"), classPath.resolve("fleet.jar"));
        return classPath;
    }
}
