package dev.trainingbot.worker.reminder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trainingbot.worker.course.content.ContentException;
import dev.trainingbot.worker.course.content.TelegramHtml;
import dev.trainingbot.worker.i18n.Languages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reminder rules of the course file, its {@code reminders:} list, validated as the course is: every problem at
 * once in a {@link ContentException} naming the place ({@code reminders[1].text.ru: missing or empty}). A file without
 * the list has no rules, and the bot sends no reminders. The format is documented in {@code content/README.md}.
 */
public final class ReminderRules {

    /** Rule ids are stored with each reminder and sent in the mute button's data. */
    private static final Pattern ID = Pattern.compile("[a-z0-9_]{1,20}");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]*)}");
    private static final Set<String> PLACEHOLDERS = Set.of("section", "lessons");
    private static final int MAX_DAYS = 365;
    private static final int MAX_LENGTH = 1_000;

    private final List<String> problems = new ArrayList<>();
    private final Languages languages;
    private final String required;

    private ReminderRules(Languages languages, String required) {
        this.languages = languages;
        this.required = required;
    }

    /**
     * The rules in {@code file}, as its course's texts: each in the course's language ({@code language}, default the
     * bot's default language), any other only in a language the bot speaks.
     */
    public static List<ReminderRule> load(Path file, Languages languages) {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new ContentException(file, "cannot be read as YAML: " + e.getMessage(), e);
        }
        String declared = root == null ? "" : root.path("language").asText("");
        ReminderRules loader =
                new ReminderRules(languages, languages.speaks(declared) ? declared : languages.defaultLanguage());
        List<ReminderRule> rules = loader.rules(root == null ? null : root.get("reminders"));
        if (!loader.problems.isEmpty()) {
            throw new ContentException(file, loader.problems);
        }
        return rules;
    }

    private List<ReminderRule> rules(JsonNode list) {
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            problems.add("reminders: must be a list of rules");
            return List.of();
        }
        List<ReminderRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "reminders[" + i + "]";
            JsonNode node = list.get(i);
            String id = node.path("id").asText("");
            if (!ID.matcher(id).matches()) {
                problems.add(path + ".id: must be 1-20 of a-z 0-9 _");
            } else if (!ids.add(id)) {
                problems.add(path + ".id: '" + id + "' is used by another rule");
            }
            Map<String, String> text = text(node.path("text"), path + ".text");
            boolean inactivity = node.has("after_inactive_days");
            boolean deadline = node.has("before_deadline_days");
            if (inactivity == deadline) {
                problems.add(path + ": needs exactly one of after_inactive_days and before_deadline_days");
                continue;
            }
            String field = inactivity ? "after_inactive_days" : "before_deadline_days";
            JsonNode days = node.path(field);
            if (!days.canConvertToInt() || !days.isIntegralNumber() || days.asInt() < 1 || days.asInt() > MAX_DAYS) {
                problems.add(path + "." + field + ": must be a whole number of days from 1 to " + MAX_DAYS);
                continue;
            }
            Duration span = Duration.ofDays(days.asInt());
            rules.add(
                    inactivity
                            ? new ReminderRule.AfterInactivity(id, span, text)
                            : new ReminderRule.BeforeDeadline(id, span, text));
        }
        return List.copyOf(rules);
    }

    private Map<String, String> text(JsonNode node, String path) {
        Map<String, String> text = new HashMap<>();
        if (!node.isObject()) {
            problems.add(path + ": needs a text in " + required + ", the course's language");
            return text;
        }
        if (!node.has(required)) {
            problems.add(path + "." + required + ": missing or empty (the course's language)");
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String language = entry.getKey();
            JsonNode value = entry.getValue();
            String place = path + "." + language;
            if (!languages.speaks(language)) {
                problems.add(place + ": '" + language + "' is not a language the bot speaks " + languages.codes());
                continue;
            }
            String string = value.isTextual() ? value.asText().strip() : "";
            if (string.isEmpty()) {
                problems.add(place + ": missing or empty");
                continue;
            }
            Matcher placeholder = PLACEHOLDER.matcher(string);
            while (placeholder.find()) {
                if (!PLACEHOLDERS.contains(placeholder.group(1))) {
                    problems.add(
                            place + ": unknown placeholder " + placeholder.group() + " (known: {section}, {lessons})");
                }
            }
            TelegramHtml.problem(string).ifPresent(problem -> problems.add(place + ": " + problem.describe()));
            if (TelegramHtml.visibleLength(string) > MAX_LENGTH) {
                problems.add(place + ": longer than " + MAX_LENGTH + " characters");
            }
            text.put(language, string);
        }
        return text;
    }
}
