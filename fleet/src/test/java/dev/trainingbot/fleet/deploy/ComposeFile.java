package dev.trainingbot.fleet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose.yml as a tree, with Compose's variable interpolation: {@code $$}, {@code $VAR}, {@code ${VAR}},
 * {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:?error}} and {@code ${VAR?error}} (no nesting, which
 * the file does not use and Compose v1 does not support).
 */
final class ComposeFile {

    static final String PATH = "docker-compose.yml";

    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private final String text;
    private final JsonNode root;

    private ComposeFile(String text) {
        this.text = text;
        this.root = Repository.parseYaml(text);
    }

    static ComposeFile load() {
        return new ComposeFile(Repository.read(PATH));
    }

    JsonNode root() {
        return root;
    }

    JsonNode service(String name) {
        JsonNode service = root.path("services").path(name);
        if (service.isMissingNode()) {
            throw new AssertionError(PATH + " has no service " + name);
        }
        return service;
    }

    /** The service's {@code environment:} mapping with every value interpolated from {@code variables}. */
    Map<String, String> environment(String service, Map<String, String> variables) {
        JsonNode environment = service(service).path("environment");
        if (!environment.isObject()) {
            throw new AssertionError(PATH + ": the environment of " + service + " should be a mapping");
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        environment
                .properties()
                .forEach(e -> resolved.put(e.getKey(), interpolate(e.getValue().asText(), variables)));
        return resolved;
    }

    /** Names the file requires with {@code ${VAR:?…}} or {@code ${VAR?…}}: `docker compose up` stops without them. */
    Set<String> requiredVariables() {
        Set<String> required = new TreeSet<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            if (m.group(2) != null && m.group(2).endsWith("?")) {
                required.add(m.group(1));
            }
        }
        return required;
    }

    /** Interpolates one value as Compose does; a missing required variable fails naming it. */
    static String interpolate(String value, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else if (m.group(4) != null) {
                replacement = variables.getOrDefault(m.group(4), "");
            } else {
                String name = m.group(1);
                String operator = m.group(2);
                String set = variables.get(name);
                boolean unset = set == null;
                boolean unsetOrEmpty = unset || set.isEmpty();
                if (operator == null) {
                    replacement = unset ? "" : set;
                } else {
                    boolean missing = operator.startsWith(":") ? unsetOrEmpty : unset;
                    if (operator.endsWith("?") && missing) {
                        throw new IllegalStateException("required variable " + name + " is not set: " + m.group(3));
                    }
                    replacement = missing ? (operator.endsWith("-") ? m.group(3) : "") : set;
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
