package dev.trainingbot.fleet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.fleet.deploy.Dockerfile.Instruction;
import dev.trainingbot.fleet.deploy.Dockerfile.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.NodeList;

/**
 * The Dockerfile, parsed instruction by instruction (no Docker daemon is needed): its build stage receives every
 * module of the reactor, and its image runs each service's jar with its AOT cache on a JRE as a non-root user, with a
 * HEALTHCHECK on {@code /healthz}. The start scripts it writes are run with {@code sh}. DockerBuildIT runs the build.
 */
class DockerfileTest {

    private static final Dockerfile DOCKERFILE = Dockerfile.load();

    /** The user the image runs as, uid[:gid]'s uid. */
    static String imageUser() {
        List<Instruction> users = DOCKERFILE.image().all("USER");
        assertThat(users).as("a USER in the image's stage").isNotEmpty();
        return users.getLast().arguments().getFirst().split(":")[0];
    }

    /** The modules of the root pom.xml. */
    static List<String> reactorModules() {
        try {
            NodeList modules = DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(Repository.file("pom.xml").toFile())
                    .getElementsByTagName("module");
            List<String> names = new ArrayList<>();
            for (int i = 0; i < modules.getLength(); i++) {
                names.add(modules.item(i).getTextContent().strip());
            }
            return names;
        } catch (Exception e) {
            throw new AssertionError("cannot read the modules of pom.xml", e);
        }
    }

    /** Where the build stage's COPY lines put the files of the context, relative to its working directory. */
    static Map<Path, Path> buildStageFiles() {
        Stage build = DOCKERFILE.stage("build");
        DockerIgnore ignore = DockerIgnore.load();
        Map<Path, Path> files = new java.util.LinkedHashMap<>();
        for (Instruction copy : build.all("COPY")) {
            assertThat(copy.flags())
                    .as("the build stage copies from the context only")
                    .doesNotContainKey("from");
            List<String> arguments = copy.arguments();
            Path destination = inWorkdir(build.workdir(), arguments.getLast());
            boolean intoDirectory =
                    arguments.getLast().endsWith("/") || arguments.getLast().equals(".");
            for (String source : arguments.subList(0, arguments.size() - 1)) {
                // A directory's contents go into the destination; a file goes into it, or becomes it.
                Path base = Path.of(source).normalize();
                boolean directory = Files.isDirectory(Repository.file(source));
                for (Path file : ignore.context(Repository.ROOT, source)) {
                    Path target = directory
                            ? destination.resolve(base.toString().isEmpty() ? file : base.relativize(file))
                            : intoDirectory ? destination.resolve(file.getFileName()) : destination;
                    files.put(file, target);
                }
            }
        }
        return files;
    }

    /** A path of the build stage ({@code /src/x} or {@code x} under WORKDIR /src) relative to its working directory. */
    static Path inWorkdir(String workdir, String path) {
        Path dir = Path.of(workdir);
        Path absolute = dir.resolve(path).normalize();
        if (!absolute.startsWith(dir)) {
            throw new AssertionError(path + " is outside the build stage's WORKDIR " + workdir);
        }
        return dir.relativize(absolute);
    }

    @Test
    void theBuildStageReceivesThePomAndTheSourcesOfEveryModuleOfTheReactor() throws IOException {
        Map<Path, Path> delivered = buildStageFiles();
        Set<Path> arrived = new TreeSet<>(delivered.values());

        assertThat(arrived)
                .contains(Path.of("pom.xml"), Path.of("mvnw"), Path.of(".mvn/wrapper/maven-wrapper.properties"));
        for (String module : reactorModules()) {
            assertThat(arrived).as("module %s's POM", module).contains(Path.of(module, "pom.xml"));
            try (Stream<Path> sources = Files.walk(Repository.file(module + "/src"))) {
                List<Path> files = sources.filter(Files::isRegularFile)
                        .map(Repository.ROOT::relativize)
                        .toList();
                assertThat(arrived).as("the sources of module %s", module).containsAll(files);
            }
        }
    }

    @Test
    void theBuildContextNeverCarriesSecretsBuildOutputOrTheGitHistory() {
        DockerIgnore ignore = DockerIgnore.load();

        assertThat(Stream.of(
                                ".env",
                                ".env.local",
                                "worker/target/worker.jar",
                                ".git/config",
                                "target/x",
                                ".local/pg/PG_VERSION")
                        .map(Path::of))
                .noneMatch(ignore::sends);
        assertThat(ignore.sends(Path.of("content/course.yaml"))).isTrue();
        assertThat(ignore.sends(Path.of("worker/src/main/resources/guard/guard.lua")))
                .isTrue();
    }

    @Test
    void theImageRunsOnAJreAsANonRootUser() {
        assertThat(DOCKERFILE.image().base()).contains("-jre");
        assertThat(DOCKERFILE.stage("build").base()).contains("-jdk");
        assertThat(Integer.parseInt(imageUser())).isGreaterThan(0);
    }

    @Test
    void theImageHoldsEveryServiceJarTheBuildStageMakes() {
        Stage build = DOCKERFILE.stage("build");
        List<String> copied = new ArrayList<>();
        for (Instruction copy : DOCKERFILE.image().all("COPY")) {
            if ("build".equals(copy.flags().get("from"))) {
                assertThat(copy.arguments().getLast())
                        .isEqualTo(DOCKERFILE.image().workdir() + "/");
                copy.arguments()
                        .subList(0, copy.arguments().size() - 1)
                        .forEach(source ->
                                copied.add(inWorkdir(build.workdir(), source).toString()));
            }
        }

        assertThat(copied)
                .containsExactlyInAnyOrder(Arrays.stream(FleetService.values())
                        .map(s -> s.id() + "/target/" + s.id() + ".jar")
                        .toArray(String[]::new));
    }

    @ParameterizedTest
    @EnumSource(FleetService.class)
    void theStartScriptRunsTheServicesJarWithItsAotCacheAndJavaOpts(FleetService service, @TempDir Path dir)
            throws IOException {
        Path script = heredoc("/app/bin/trainingbot", dir);
        Path bin = fakeCommand(dir, "java");

        ExternalTool.at(Path.of("/bin/sh"))
                .run(
                        List.of(script.toString(), "healthcheck", "--json"),
                        Map.of(
                                "PATH", bin + ":/usr/bin:/bin",
                                "SERVICE", service.id(),
                                "JAVA_OPTS", DOCKERFILE.image().env().get("JAVA_OPTS")));

        List<String> javaArguments = Files.readAllLines(bin.resolve("java.args"));
        assertThat(javaArguments)
                .startsWith("-XX:AOTCache=/app/" + service.id() + ".aot")
                .contains("-XX:+ExitOnOutOfMemoryError", "-XX:+UseG1GC")
                .anyMatch(a -> a.startsWith("-XX:MaxRAMPercentage="))
                .endsWith("-jar", "/app/" + service.id() + ".jar", "healthcheck", "--json");
    }

    @Test
    void theStartScriptRefusesAnUnknownService(@TempDir Path dir) throws IOException {
        Path script = heredoc("/app/bin/trainingbot", dir);

        assertThat(exitCode(
                        List.of("/bin/sh", script.toString()), Map.of("SERVICE", "scheduler", "PATH", "/usr/bin:/bin")))
                .isEqualTo(64);
    }

    @ParameterizedTest
    @EnumSource(FleetService.class)
    void theHealthCheckAsksHealthzOnThePortTheServiceServesByDefault(FleetService service, @TempDir Path dir)
            throws IOException {
        List<String> healthcheck =
                DOCKERFILE.image().all("HEALTHCHECK").getLast().arguments();
        assertThat(healthcheck).containsExactly("/app/bin/healthz");
        Path script = heredoc("/app/bin/healthz", dir);
        Path bin = fakeCommand(dir, "curl");

        ExternalTool.at(Path.of("/bin/sh"))
                .run(List.of(script.toString()), Map.of("PATH", bin + ":/usr/bin:/bin", "SERVICE", service.id()));

        int port = service.configure(ComposeFileTest.minimalEnvironment()).httpPort();
        assertThat(Files.readAllLines(bin.resolve("curl.args"))).endsWith("http://127.0.0.1:" + port + "/healthz");
    }

    /** Writes the body of the heredoc the image's stage copies to {@code destination} into {@code dir}. */
    private static Path heredoc(String destination, Path dir) throws IOException {
        Instruction copy = DOCKERFILE.image().all("COPY").stream()
                .filter(c ->
                        c.arguments().getLast().equals(destination) && !c.body().isEmpty())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no heredoc COPY to " + destination));
        Path script = dir.resolve(Path.of(destination).getFileName());
        Files.writeString(script, copy.body());
        return script;
    }

    /** A stand-in for {@code name} in a fresh bin directory that writes its arguments, one a line, to name.args. */
    private static Path fakeCommand(Path dir, String name) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path program = bin.resolve(name);
        Files.writeString(program, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"$0.args\"\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private static int exitCode(List<String> command, Map<String, String> env) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getInputStream().readAllBytes();
            return process.waitFor();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
