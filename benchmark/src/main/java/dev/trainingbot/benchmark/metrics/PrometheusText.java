package dev.trainingbot.benchmark.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The samples of a Prometheus text exposition ({@code /metrics}), as far as the benchmark reads them. */
public final class PrometheusText {

    /** One sample line: {@code name{labels} value}. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private PrometheusText() {}

    /** Parses every sample line; comments and lines it cannot read are skipped. */
    public static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Sample sample = parseLine(line.strip());
            if (sample != null) {
                samples.add(sample);
            }
        }
        return samples;
    }

    private static Sample parseLine(String line) {
        int brace = line.indexOf('{');
        int space;
        String name;
        Map<String, String> labels = new LinkedHashMap<>();
        if (brace >= 0 && brace < line.indexOf(' ')) {
            name = line.substring(0, brace);
            int close = labelsEnd(line, brace);
            if (close < 0) {
                return null;
            }
            parseLabels(line.substring(brace + 1, close), labels);
            space = close + 1;
        } else {
            space = line.indexOf(' ');
            if (space < 0) {
                return null;
            }
            name = line.substring(0, space);
        }
        String rest = line.substring(space).strip();
        int end = rest.indexOf(' ');
        String number = end < 0 ? rest : rest.substring(0, end);
        try {
            return new Sample(name, labels, parseValue(number));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int labelsEnd(String line, int open) {
        boolean quoted = false;
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static void parseLabels(String text, Map<String, String> labels) {
        int i = 0;
        while (i < text.length()) {
            int equals = text.indexOf('=', i);
            if (equals < 0 || equals + 1 >= text.length() || text.charAt(equals + 1) != '"') {
                return;
            }
            String key = text.substring(i, equals).strip();
            StringBuilder value = new StringBuilder();
            int j = equals + 2;
            for (; j < text.length() && text.charAt(j) != '"'; j++) {
                char c = text.charAt(j);
                if (c == '\\' && j + 1 < text.length()) {
                    char escaped = text.charAt(++j);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
            }
            labels.put(key, value.toString());
            i = j + 1;
            while (i < text.length() && (text.charAt(i) == ',' || text.charAt(i) == ' ')) {
                i++;
            }
        }
    }

    private static double parseValue(String number) {
        return switch (number) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(number);
        };
    }
}
