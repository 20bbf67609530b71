package dev.trainingbot.fleet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * docker-compose.yml as written (a YAML tree, for its structure), and as {@code docker compose config} renders it
 * against a {@code .env}: every variable interpolated, every {@code env_file} read — what the containers get.
 */
final class ComposeFile {

    static final String PATH = "docker-compose.yml";
    static final String ENV_EXAMPLE = ".env.example";

    private final JsonNode root;

    private ComposeFile(JsonNode root) {
        this.root = root;
    }

    static ComposeFile load() {
        return new ComposeFile(Repository.yaml(PATH));
    }

    JsonNode root() {
        return root;
    }

    JsonNode service(String name) {
        return service(root, name);
    }

    private static JsonNode service(JsonNode root, String name) {
        JsonNode service = root.path("services").path(name);
        if (service.isMissingNode()) {
            throw new AssertionError(PATH + " has no service " + name);
        }
        return service;
    }

    /** The configuration Compose would run, rendered by the tool itself. */
    record Rendered(JsonNode root) {

        JsonNode service(String name) {
            return ComposeFile.service(root, name);
        }

        /** A service's environment as its container gets it (the rendering's {@code $$} is one literal {@code $}). */
        Map<String, String> environment(String name) {
            Map<String, String> environment = new LinkedHashMap<>();
            service(name)
                    .path("environment")
                    .properties()
                    .forEach(e -> environment.put(
                            e.getKey(),
                            e.getValue().isNull() ? "" : e.getValue().asText().replace("$$", "$")));
            return environment;
        }
    }

    /**
     * Renders the file with {@code docker compose config} (or {@code docker-compose config}) in a scratch directory
     * whose {@code .env} is .env.example with {@code values} written over its lines (and appended when absent), as an
     * operator edits it. Fails with the tool's message when Compose refuses.
     */
    static Rendered render(Map<String, String> values) {
        ExternalTool compose = ExternalTool.compose();
        try {
            Path dir = Files.createTempDirectory("compose");
            try {
                Files.copy(Repository.file(PATH), dir.resolve(PATH));
                Files.writeString(dir.resolve(".env"), editedEnvExample(values));
                return new Rendered(Repository.parseYaml(compose.in(dir).run(List.of("config"), Map.of())));
            } finally {
                try (var files = Files.walk(dir)) {
                    for (Path file :
                            files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** .env.example with the operator's secrets filled in: what a first deploy runs with. */
    static Rendered renderFilledIn() {
        return render(OperatorSecrets.STAND_INS);
    }

    private static String editedEnvExample(Map<String, String> values) {
        Map<String, String> left = new LinkedHashMap<>(values);
        StringBuilder out = new StringBuilder();
        for (String line : Repository.read(ENV_EXAMPLE).split("\n", -1)) {
            var m = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)=").matcher(line);
            if (m.find() && left.containsKey(m.group(1))) {
                out.append(m.group(1))
                        .append('=')
                        .append(left.remove(m.group(1)))
                        .append('\n');
            } else {
                out.append(line).append('\n');
            }
        }
        left.forEach((name, value) -> out.append(name).append('=').append(value).append('\n'));
        return out.toString();
    }
}
