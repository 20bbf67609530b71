package dev.trainingbot.worker.course.content;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The training course: its sections in menu order, each with lessons and a quiz. Immutable; loaded and validated
 * by {@link CourseLoader}, one per course version ({@link CourseCatalog}).
 */
public record Course(Localized title, List<Section> sections) {

    public Course {
        sections = List.copyOf(sections);
    }

    public Optional<Section> section(String id) {
        return sections.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** Every lesson as (section id, lesson id), in course order: the two parallel arrays the progress queries unnest. */
    public String[][] lessonKeys() {
        List<String> sectionIds = new java.util.ArrayList<>();
        List<String> lessonIds = new java.util.ArrayList<>();
        for (Section section : sections) {
            for (Lesson lesson : section.lessons()) {
                sectionIds.add(section.id());
                lessonIds.add(lesson.id());
            }
        }
        return new String[][] {sectionIds.toArray(String[]::new), lessonIds.toArray(String[]::new)};
    }

    /** Sections reachable as a command ({@code /general_info}), by command name. */
    public Map<String, Section> commands() {
        Map<String, Section> commands = new LinkedHashMap<>();
        for (Section section : sections) {
            section.command().ifPresent(command -> commands.put(command, section));
        }
        return commands;
    }

    /** A section of the course: an id (stable, used in callback data and progress), lessons in order, a quiz. */
    public record Section(
            String id, java.util.Optional<String> command, Localized title, List<Lesson> lessons, Quiz quiz) {

        public Section {
            lessons = List.copyOf(lessons);
        }

        public Optional<Lesson> lesson(String lessonId) {
            return lessons.stream().filter(l -> l.id().equals(lessonId)).findFirst();
        }

        public int indexOf(Lesson lesson) {
            return lessons.indexOf(lesson);
        }
    }

    /**
     * A lesson: HTML text (Telegram's subset), optional links shown as buttons, and an optional photo, video,
     * animation, audio, voice note or document sent with it.
     */
    public record Lesson(
            String id, Localized title, Localized text, List<Link> links, java.util.Optional<Media> media) {

        public Lesson {
            links = List.copyOf(links);
        }
    }

    public record Link(Localized title, String url) {}

    /** A lesson's media: what kind Telegram shows it as, where the file comes from, and its optional caption. */
    public record Media(MediaKind kind, MediaSource source, java.util.Optional<Localized> caption) {}

    /**
     * A section's quiz and its pass mark: the share of right answers, in percent, that passes it (and counts towards
     * the course's completion).
     */
    public record Quiz(List<Question> questions, int passPercent) {

        /** The pass mark when the content names none. */
        public static final int DEFAULT_PASS_PERCENT = 80;

        public Quiz {
            questions = List.copyOf(questions);
            if (passPercent < 1 || passPercent > 100) {
                throw new IllegalArgumentException("a pass mark is 1 to 100 percent, not " + passPercent);
            }
        }

        public Quiz(List<Question> questions) {
            this(questions, DEFAULT_PASS_PERCENT);
        }

        public int size() {
            return questions.size();
        }

        /** The fewest right answers that pass: the pass mark of the questions, rounded up. */
        public int passScore() {
            return Math.max(1, (questions.size() * passPercent + 99) / 100);
        }
    }

    /**
     * A quiz question. {@code correct} holds the indexes of the right options; with {@code multiple}, the answer is
     * right when exactly those options are chosen.
     */
    public record Question(
            String id,
            Localized text,
            List<Localized> options,
            java.util.Set<Integer> correct,
            boolean multiple,
            Localized explanation) {

        public Question {
            options = List.copyOf(options);
            correct = java.util.Set.copyOf(correct);
        }

        public boolean isRight(java.util.Set<Integer> chosen) {
            return correct.equals(chosen);
        }
    }
}
