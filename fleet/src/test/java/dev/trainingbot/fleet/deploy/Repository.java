package dev.trainingbot.fleet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The repository the tests run in, and its deployment files read the way their tools read them: YAML as trees,
 * {@code .env} files as Docker Compose reads them.
 */
final class Repository {

    /** The directory holding the reactor's pom.xml and docker-compose.yml, found upwards from the working directory. */
    static final Path ROOT = findRoot();

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the image keeps the jars and content (the Dockerfile's WORKDIR); relative paths start here. */
    private static final String IMAGE_WORKDIR = "/app/";

    private Repository() {}

    static Path file(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(file(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode yaml(String relative) {
        return parseYaml(read(relative));
    }

    static JsonNode parseYaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a multi-document YAML stream (what kubectl kustomize prints). */
    static List<JsonNode> yamlDocuments(String text) {
        try {
            return YAML.readerFor(JsonNode.class).<JsonNode>readValues(text).readAll().stream()
                    .filter(node -> node != null && !node.isNull() && !node.isMissingNode())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String relative) {
        try {
            return JSON.readTree(read(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The {@code KEY=VALUE} lines of an env file, in order, as Docker Compose reads them: comments and blank lines
     * skipped, one pair of surrounding quotes removed, an empty value kept as empty.
     */
    static Map<String, String> dotEnv(String relative) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String raw : read(relative).split("\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(relative + ": not KEY=VALUE: " + raw);
            }
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2
                    && (value.startsWith("'") && value.endsWith("'")
                            || value.startsWith("\"") && value.endsWith("\""))) {
                value = value.substring(1, value.length() - 1);
            }
            values.put(line.substring(0, eq).strip(), value);
        }
        return values;
    }

    /**
     * The repository file a path inside the image stands for. The image's working directory holds what the
     * repository's root holds for the services (the Dockerfile copies {@code content/} to {@code /app/content/}), so a
     * relative path, or one under {@code /app/}, names the same file relative to the root.
     */
    static Path inImage(String containerPath) {
        String relative = containerPath.startsWith(IMAGE_WORKDIR)
                ? containerPath.substring(IMAGE_WORKDIR.length())
                : containerPath;
        if (Path.of(relative).isAbsolute()) {
            throw new IllegalArgumentException(containerPath + " is outside the image's " + IMAGE_WORKDIR);
        }
        return ROOT.resolve(relative);
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no repository root (docker-compose.yml and mvnw) above "
                + Path.of("").toAbsolutePath());
    }
}
