package dev.trainingbot.fleet.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's Dockerfile as BuildKit reads it: global {@code ARG}s, then stages of instructions, with continuation
 * lines joined, comments dropped, {@code --flag=value}s split off, JSON (exec) forms parsed and heredocs kept as the
 * instruction's body. Just enough of the format for the deployment tests to follow the build step by step.
 */
final class Dockerfile {

    static final String PATH = "Dockerfile";

    private static final Pattern HEREDOC = Pattern.compile("<<-?['\"]?([A-Za-z_][A-Za-z0-9_]*)['\"]?");
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One instruction: its keyword in upper case, its flags, its arguments (words, or the elements of a JSON form),
     * the text after the keyword and flags as written (a RUN's shell command), and a heredoc's body, or empty.
     */
    record Instruction(String keyword, Map<String, String> flags, List<String> arguments, String text, String body) {}

    /** A stage: {@code FROM <base> [AS <name>]} and its instructions. */
    record Stage(String base, String name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream()
                    .filter(i -> i.keyword().equals(keyword))
                    .toList();
        }

        /** The working directory its last {@code WORKDIR} sets, {@code /} without one. */
        String workdir() {
            List<Instruction> workdirs = all("WORKDIR");
            return workdirs.isEmpty() ? "/" : workdirs.getLast().arguments().getFirst();
        }

        /** The stage's {@code ENV} variables, later ones over earlier ones. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (Instruction instruction : all("ENV")) {
                for (String pair : instruction.arguments()) {
                    int eq = pair.indexOf('=');
                    env.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            return env;
        }
    }

    private final Map<String, String> globalArgs;
    private final List<Stage> stages;

    private Dockerfile(Map<String, String> globalArgs, List<Stage> stages) {
        this.globalArgs = globalArgs;
        this.stages = stages;
    }

    static Dockerfile load() {
        return parse(Repository.read(PATH));
    }

    List<Stage> stages() {
        return stages;
    }

    Stage stage(String name) {
        return stages.stream()
                .filter(s -> name.equals(s.name()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(PATH + " has no stage " + name));
    }

    /** The stage the image is made of. */
    Stage image() {
        return stages.getLast();
    }

    /** A global ARG's default ({@code ARG JDK_IMAGE=…} before the first FROM). */
    String arg(String name) {
        String value = globalArgs.get(name);
        if (value == null) {
            throw new AssertionError(PATH + " has no global ARG " + name);
        }
        return value;
    }

    static Dockerfile parse(String text) {
        List<String> lines = List.of(text.split("\n", -1));
        Map<String, String> args = new LinkedHashMap<>();
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i++).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            StringBuilder logical = new StringBuilder();
            while (line.endsWith("\\")) {
                logical.append(line, 0, line.length() - 1).append(' ');
                do {
                    line = i < lines.size() ? lines.get(i++).strip() : "";
                } while (line.startsWith("#") && i < lines.size());
            }
            logical.append(line);
            String body = "";
            Matcher heredoc = HEREDOC.matcher(logical);
            if (heredoc.find()) {
                StringBuilder content = new StringBuilder();
                while (i < lines.size() && !lines.get(i).strip().equals(heredoc.group(1))) {
                    content.append(lines.get(i++)).append('\n');
                }
                i++;
                body = content.toString();
            }
            Instruction instruction = instruction(logical.toString().strip(), body);
            if (instruction.keyword().equals("FROM")) {
                List<String> from = instruction.arguments();
                String base = substitute(from.getFirst(), args);
                String name = from.size() >= 3 && from.get(1).equalsIgnoreCase("AS") ? from.get(2) : null;
                current = new ArrayList<>();
                stages.add(new Stage(base, name, current));
            } else if (current == null) {
                if (!instruction.keyword().equals("ARG")) {
                    throw new AssertionError(PATH + ": " + instruction.keyword() + " before the first FROM");
                }
                String arg = instruction.arguments().getFirst();
                int eq = arg.indexOf('=');
                args.put(eq < 0 ? arg : arg.substring(0, eq), eq < 0 ? "" : arg.substring(eq + 1));
            } else {
                current.add(instruction);
            }
        }
        return new Dockerfile(Map.copyOf(args), List.copyOf(stages));
    }

    private static Instruction instruction(String line, String body) {
        String[] split = line.split("\\s+", 2);
        String keyword = split[0].toUpperCase(java.util.Locale.ROOT);
        String rest = split.length > 1 ? split[1].strip() : "";
        Map<String, String> flags = new LinkedHashMap<>();
        while (rest.startsWith("--")) {
            String[] flag = rest.split("\\s+", 2);
            int eq = flag[0].indexOf('=');
            flags.put(flag[0].substring(2, eq < 0 ? flag[0].length() : eq), eq < 0 ? "" : flag[0].substring(eq + 1));
            rest = flag.length > 1 ? flag[1].strip() : "";
        }
        List<String> arguments;
        if (rest.startsWith("[")) {
            try {
                arguments = List.of(JSON.readValue(rest, String[].class));
            } catch (JsonProcessingException e) {
                throw new AssertionError(PATH + ": not a JSON array: " + rest, e);
            }
        } else {
            arguments = words(rest);
        }
        if (keyword.equals("HEALTHCHECK")) {
            // HEALTHCHECK [--options] CMD <command>: the options are flags, the command follows CMD.
            int cmd = rest.indexOf("CMD");
            String command = rest.substring(cmd + 3).strip();
            return new Instruction(
                    keyword, flags, instruction("CMD " + command, "").arguments(), command, body);
        }
        return new Instruction(keyword, Map.copyOf(flags), arguments, rest, body);
    }

    /** Splits on blanks outside quotes and removes the quotes, as the shell-like forms (ENV, COPY) do. */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char c : text.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return List.copyOf(words);
    }

    private static String substitute(String value, Map<String, String> args) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(args.getOrDefault(name, "")));
        }
        m.appendTail(out);
        return out.toString();
    }
}
