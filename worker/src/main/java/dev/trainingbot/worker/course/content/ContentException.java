package dev.trainingbot.worker.course.content;

import java.nio.file.Path;
import java.util.List;

/**
 * The course content cannot be used. The message names the file, the place inside it and the problem, one line per
 * problem: {@code course.yaml: sections[2].quiz.questions[1].correct: a question needs at least one right answer}.
 */
public final class ContentException extends RuntimeException {

    private final List<String> problems;

    public ContentException(Path file, List<String> problems) {
        super(format(file, problems));
        this.problems = List.copyOf(problems);
    }

    public ContentException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.problems = List.of(problem);
    }

    /** Each problem, with its place ({@code sections[1].lessons[0].text.ru: …}) but without the file's name. */
    public List<String> problems() {
        return problems;
    }

    private static String format(Path file, List<String> problems) {
        if (problems.size() == 1) {
            return file + ": " + problems.getFirst();
        }
        StringBuilder message = new StringBuilder(file.toString())
                .append(": ")
                .append(problems.size())
                .append(" problems:");
        for (String problem : problems) {
            message.append(System.lineSeparator()).append("  - ").append(problem);
        }
        return message.toString();
    }
}
