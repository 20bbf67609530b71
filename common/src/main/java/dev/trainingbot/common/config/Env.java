package dev.trainingbot.common.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The variables a service is configured from: the process environment over an optional {@code .env} file.
 *
 * <p>A variable set in the environment wins over the same name in the file, as python-dotenv did for the bot this
 * project succeeds, so an operator can override one value without editing the file. The file path is {@code .env} in
 * the working directory unless {@code ENV_FILE} names another; a missing default file is not an error, a missing named
 * one is.
 *
 * <p>This is the only class that reads {@link System#getenv()}; everything else receives an {@code Env}.
 */
public final class Env {

    private final Map<String, String> values;
    private final Set<String> asked = ConcurrentHashMap.newKeySet();

    private Env(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** The process environment over {@code .env} (or the file {@code ENV_FILE} names). */
    public static Env system() {
        return system(Path.of(".env"));
    }

    /**
     * The process environment over {@code defaultFile} (or the file {@code ENV_FILE} names), for a program whose
     * settings live in a file of their own (the local fleet's {@code .env.local}).
     */
    public static Env system(Path defaultFile) {
        Map<String, String> environment = System.getenv();
        String named = environment.get("ENV_FILE");
        Path file = named == null || named.isBlank() ? defaultFile : Path.of(named);
        Map<String, String> merged = new HashMap<>();
        if (Files.isRegularFile(file)) {
            merged.putAll(parseDotEnv(file));
        } else if (named != null && !named.isBlank()) {
            throw new ConfigException(List.of("Invalid value " + named + " for ENV_FILE: no such file"));
        }
        merged.putAll(environment);
        return new Env(merged);
    }

    /** Exactly these variables; for tests and for wiring several services in one process. */
    public static Env of(Map<String, String> values) {
        return new Env(values);
    }

    /** This environment with {@code overrides} on top. */
    public Env with(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(values);
        merged.putAll(overrides);
        return new Env(merged);
    }

    /** The value, with blank treated as unset. */
    public Optional<String> get(String name) {
        asked.add(name);
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /**
     * Every name asked for through {@link #get} so far, set or not: the variables the code given this environment
     * reads. The deployment checks use it to prove that each one reaches the container of the service that reads it.
     */
    public Set<String> namesAsked() {
        return Set.copyOf(asked);
    }

    /** Every variable, for handing a whole environment to a child process. */
    public Map<String, String> asMap() {
        return values;
    }

    /**
     * Reads {@code KEY=VALUE} lines: {@code #} comments, blank lines, an optional {@code export } prefix, and values in
     * single or double quotes (quotes removed, no escapes interpreted) are accepted.
     */
    static Map<String, String> parseDotEnv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> parsed = new HashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2
                    && (value.startsWith("\"") && value.endsWith("\"")
                            || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            } else {
                int comment = value.indexOf(" #");
                if (comment >= 0) {
                    value = value.substring(0, comment).strip();
                }
            }
            parsed.put(key, value);
        }
        return parsed;
    }
}
