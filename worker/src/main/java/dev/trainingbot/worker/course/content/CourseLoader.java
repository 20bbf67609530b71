package dev.trainingbot.worker.course.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trainingbot.worker.i18n.Languages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the course from a YAML file ({@code CONTENT_PATH}) and validates all of it before the worker starts: every
 * text in the course's language ({@code language}, default {@code DEFAULT_LANGUAGE}) and any others only in languages
 * the bot speaks ({@link Languages}: a language lacking a text gets the course language's, text by text), ids unique
 * and short enough for callback data, commands free, every question with a right answer among its options, files
 * present, lesson HTML that Telegram accepts. All problems are reported at once in a {@link ContentException} naming
 * the file and the place of each ({@code sections[1].lessons[0].text.ru}, and the lesson or question when a text
 * lacks the course's language).
 *
 * <p>The format is documented in {@code content/README.md} next to the sample course.
 */
public final class CourseLoader {

    /** Ids appear in callback data ({@code 1:ans:<section>:<question>:<option>}, at most 64 bytes). */
    private static final Pattern ID = Pattern.compile("[a-z0-9_]{1,20}");

    private static final Pattern COMMAND = Pattern.compile("[a-z0-9_]{1,32}");
    private static final Set<String> RESERVED_COMMANDS =
            Set.of("start", "help", "progress", "admin", "logout", "cancel", "sections", "language", "course");
    private static final int MAX_LESSON_LENGTH = 3_500;

    private final Path file;
    private final Languages languages;
    private final List<String> problems = new ArrayList<>();
    /** The course's language: every text must have it. */
    private String language;
    /** The course's pass mark, for quizzes that name none. */
    private int passPercent = Course.Quiz.DEFAULT_PASS_PERCENT;
    /** The lesson or question being read, named in a problem about its texts. */
    private String place = "the course";

    private CourseLoader(Path file, Languages languages) {
        this.file = file;
        this.languages = languages;
        this.language = languages.defaultLanguage();
    }

    /** Loads and validates the course in {@code file}, for the languages of the bundles on the classpath. */
    public static Course load(Path file) {
        return load(file, Languages.discover(CourseLoader.class.getClassLoader(), "en"));
    }

    /** Loads and validates the course in {@code file}, for a bot that speaks {@code languages}. */
    public static Course load(Path file, Languages languages) {
        String content;
        try {
            content = Files.readString(file);
        } catch (IOException e) {
            throw new ContentException(file, "cannot be read: " + e.getMessage(), e);
        }
        return parse(content, file, languages);
    }

    /**
     * Loads and validates {@code content} as if it were the file {@code file}: problems name it, and lesson files are
     * resolved against its folder. A version uploaded by an admin is checked this way, as the content file.
     */
    public static Course parse(String content, Path file, Languages languages) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(content);
        } catch (IOException e) {
            throw new ContentException(file, "cannot be read as YAML: " + e.getMessage(), e);
        }
        CourseLoader loader = new CourseLoader(file, languages);
        Course course =
                loader.course(root == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : root);
        if (!loader.problems.isEmpty()) {
            throw new ContentException(file, loader.problems);
        }
        return course;
    }

    private Course course(JsonNode root) {
        if (!root.isObject()) {
            problems.add("the file must be a mapping with 'title' and 'sections'");
            return new Course(Localized.of(language, ""), List.of());
        }
        if (root.has("language")) {
            String declared = root.path("language").asText("");
            if (languages.speaks(declared)) {
                language = declared;
            } else {
                problems.add("language: '" + declared + "' is not a language the bot speaks " + languages.codes()
                        + " (one per i18n/messages_<language>.properties)");
            }
        }
        Localized title = localized(root.path("title"), "title");
        passPercent = passPercent(root.path("pass_mark"), "pass_mark", Course.Quiz.DEFAULT_PASS_PERCENT);
        JsonNode sectionNodes = root.path("sections");
        List<Course.Section> sections = new ArrayList<>();
        if (!sectionNodes.isArray() || sectionNodes.isEmpty()) {
            problems.add("sections: a course needs at least one section");
        } else {
            Map<String, String> ids = new HashMap<>();
            Map<String, String> commands = new HashMap<>();
            for (int i = 0; i < sectionNodes.size(); i++) {
                String path = "sections[" + i + "]";
                Course.Section section = section(sectionNodes.get(i), path);
                unique(ids, section.id(), path + ".id", "section id");
                section.command().ifPresent(command -> unique(commands, command, path + ".command", "command"));
                sections.add(section);
            }
        }
        return new Course(title, sections);
    }

    private Course.Section section(JsonNode node, String path) {
        String id = id(node.path("id"), path + ".id");
        place = "section '" + id + "'";
        Optional<String> command = Optional.empty();
        if (node.has("command")) {
            String name = node.path("command").asText("").replaceFirst("^/", "");
            if (!COMMAND.matcher(name).matches()) {
                problems.add(path + ".command: '" + name + "' must be 1-32 of a-z, 0-9, _");
            } else if (RESERVED_COMMANDS.contains(name)) {
                problems.add(path + ".command: /" + name + " is one of the bot's own commands");
            } else {
                command = Optional.of(name);
            }
        }
        Localized title = localized(node.path("title"), path + ".title");
        JsonNode lessonNodes = node.path("lessons");
        List<Course.Lesson> lessons = new ArrayList<>();
        if (!lessonNodes.isArray() || lessonNodes.isEmpty()) {
            problems.add(path + ".lessons: a section needs at least one lesson");
        } else {
            Map<String, String> ids = new HashMap<>();
            for (int i = 0; i < lessonNodes.size(); i++) {
                String lessonPath = path + ".lessons[" + i + "]";
                Course.Lesson lesson = lesson(lessonNodes.get(i), lessonPath);
                unique(ids, lesson.id(), lessonPath + ".id", "lesson id");
                lessons.add(lesson);
            }
        }
        Course.Quiz quiz = quiz(node.path("quiz"), path + ".quiz");
        return new Course.Section(id, command, title, lessons, quiz);
    }

    private Course.Lesson lesson(JsonNode node, String path) {
        String id = id(node.path("id"), path + ".id");
        String section = place;
        place = "lesson '" + id + "' of " + section;
        Localized title = localized(node.path("title"), path + ".title");
        Localized text = localized(node.path("text"), path + ".text");
        text.texts().forEach((code, html) -> html(html, path + ".text." + code));
        List<Course.Link> links = new ArrayList<>();
        JsonNode linkNodes = node.path("links");
        for (int i = 0; i < linkNodes.size(); i++) {
            String linkPath = path + ".links[" + i + "]";
            JsonNode link = linkNodes.get(i);
            String url = text(link.path("url"), linkPath + ".url");
            if (!url.isEmpty() && !url.matches("https?://\\S+")) {
                problems.add(linkPath + ".url: '" + url + "' is not an http(s) URL");
            }
            links.add(new Course.Link(localized(link.path("title"), linkPath + ".title"), url));
        }
        Optional<Course.Media> media = new MediaReader(file, problems, this::localized, place).lesson(node, path);
        place = section;
        return new Course.Lesson(id, title, text, links, media);
    }

    private Course.Quiz quiz(JsonNode node, String path) {
        JsonNode questionNodes = node.path("questions");
        List<Course.Question> questions = new ArrayList<>();
        if (!questionNodes.isArray() || questionNodes.isEmpty()) {
            problems.add(path + ".questions: a section needs a quiz with at least one question");
            return new Course.Quiz(questions);
        }
        Map<String, String> ids = new HashMap<>();
        for (int i = 0; i < questionNodes.size(); i++) {
            String questionPath = path + ".questions[" + i + "]";
            Course.Question question = question(questionNodes.get(i), questionPath);
            unique(ids, question.id(), questionPath + ".id", "question id");
            questions.add(question);
        }
        return new Course.Quiz(questions, passPercent(node.path("pass_mark"), path + ".pass_mark", passPercent));
    }

    /** A pass mark: a whole percentage from 1 to 100, or {@code fallback} when the content names none. */
    private int passPercent(JsonNode node, String path, int fallback) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || node.asInt() < 1 || node.asInt() > 100) {
            problems.add(path + ": a pass mark is a whole percentage from 1 to 100 (80 passes four answers of five)");
            return fallback;
        }
        return node.asInt();
    }

    private Course.Question question(JsonNode node, String path) {
        String id = id(node.path("id"), path + ".id");
        String section = place;
        place = "question '" + id + "' of " + section;
        Localized text = localized(node.path("text"), path + ".text");
        JsonNode optionNodes = node.path("options");
        List<Localized> options = new ArrayList<>();
        if (!optionNodes.isArray() || optionNodes.size() < 2 || optionNodes.size() > 10) {
            problems.add(path + ".options: a question needs 2 to 10 options");
        } else {
            for (int i = 0; i < optionNodes.size(); i++) {
                options.add(localized(optionNodes.get(i), path + ".options[" + i + "]"));
            }
        }
        boolean multiple = node.path("multiple").asBoolean(false);
        Set<Integer> correct = new LinkedHashSet<>();
        JsonNode correctNode = node.path("correct");
        if (correctNode.isInt()) {
            correct.add(correctNode.asInt());
        } else if (correctNode.isArray()) {
            correctNode.forEach(index -> correct.add(index.isInt() ? index.asInt() : -1));
        }
        if (correct.isEmpty()) {
            problems.add(path + ".correct: a question needs at least one right answer");
        }
        for (int index : correct) {
            if (index < 0 || (!options.isEmpty() && index >= options.size())) {
                problems.add(path + ".correct: " + index + " is not the index of one of its " + options.size()
                        + " options (the first is 0)");
            }
        }
        if (!multiple && correct.size() > 1) {
            problems.add(path + ".correct: a single-choice question has one right answer; set 'multiple: true'");
        }
        Localized explanation = localized(node.path("explanation"), path + ".explanation");
        place = section;
        return new Course.Question(id, text, options, correct, multiple, explanation);
    }

    private String id(JsonNode node, String path) {
        String id = node.asText("");
        if (!ID.matcher(id).matches()) {
            problems.add(path + ": '" + id + "' must be 1-20 of a-z, 0-9, _");
        }
        return id;
    }

    /**
     * A text by language ({@code {en: …, de: …}}), or one in the course's language alone (a plain string). The
     * course's language is required; the others must be languages the bot speaks.
     */
    private Localized localized(JsonNode node, String path) {
        if (node.isTextual()) {
            return Localized.of(language, text(node, path));
        }
        if (!node.isObject() || !node.has(language)) {
            problems.add(path + ": no text in " + language + ", the course's language, for " + place
                    + " (every text needs it; the other languages fall back to it)");
            return Localized.of(language, "");
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!languages.speaks(field.getKey())) {
                problems.add(path + "." + field.getKey() + ": the bot does not speak '" + field.getKey()
                        + "' (it speaks " + languages.codes() + "; add i18n/messages_" + field.getKey()
                        + ".properties or remove the text)");
                continue;
            }
            texts.put(field.getKey(), text(field.getValue(), path + "." + field.getKey()));
        }
        return new Localized(texts, language);
    }

    private String text(JsonNode node, String path) {
        String text = node.isTextual() || node.isNumber() ? node.asText().strip() : "";
        if (text.isEmpty()) {
            problems.add(path + ": missing or empty");
        }
        return text;
    }

    private void html(String text, String path) {
        TelegramHtml.problem(text).ifPresent(problem -> problems.add(path + ": " + problem.describe()));
        if (TelegramHtml.visibleLength(text) > MAX_LESSON_LENGTH) {
            problems.add(path + ": longer than " + MAX_LESSON_LENGTH + " characters; split the lesson");
        }
    }

    private void unique(Map<String, String> seen, String value, String path, String what) {
        if (value.isEmpty()) {
            return;
        }
        String first = seen.putIfAbsent(value, path);
        if (first != null) {
            problems.add(path + ": duplicate " + what + " '" + value + "' (also at " + first + ")");
        }
    }
}
