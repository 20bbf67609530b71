package dev.trainingbot.common.config;

import java.util.List;

/**
 * Start-up configuration is wrong. The message lists every problem found, one per line, each naming the variable:
 * {@code Invalid value 0 for WORKER_MAX_IN_FLIGHT: must be >= 1}. Secret values never appear in it.
 */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String format(List<String> problems) {
        if (problems.size() == 1) {
            return "Invalid configuration: " + problems.getFirst();
        }
        StringBuilder message = new StringBuilder("Invalid configuration (")
                .append(problems.size())
                .append(" problems):");
        for (String problem : problems) {
            message.append(System.lineSeparator()).append("  - ").append(problem);
        }
        return message.toString();
    }
}
