package dev.trainingbot.worker.course;

import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.fsm.Conversation;
import dev.trainingbot.worker.fsm.ConversationState;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where a learner's quiz stands, as the conversation ({@link ConversationState#QUIZ}) holds it: the section, the
 * index of the current question, the score so far, whether the current question was answered and whether rightly,
 * and the options ticked of a multiple-choice question not yet submitted. The one place that reads and writes the
 * quiz's conversation data.
 *
 * <p>The stored form is the one every release so far wrote — {@code section}, {@code q}, {@code score},
 * {@code answered} and {@code right} as {@code "1"}/{@code "0"}, {@code chosen} comma-joined — so that during a
 * rolling deploy workers of the previous release read what this one writes, and a learner mid-quiz during the upgrade
 * goes on. {@code version}, the course version the quiz started in, came later: the previous release ignores it, and
 * a quiz without it (started by the previous release) is in the current version. Reading is lenient: a missing or unreadable value is its default (question 0, score 0, not answered,
 * nothing ticked), never an error; the question index is clamped to the section's quiz by {@link #question}.
 *
 * @param question the index of the current question, 0-based, never negative
 * @param chosen the options ticked, sorted; empty once the question is answered
 * @param version the course version the quiz started in and keeps until it ends; {@code 0}: the current one
 */
public record QuizState(
        String section, int question, int score, boolean answered, boolean right, Set<Integer> chosen, int version) {

    static final String SECTION = "section";
    static final String QUESTION = "q";
    static final String SCORE = "score";
    static final String ANSWERED = "answered";
    static final String RIGHT = "right";
    static final String CHOSEN = "chosen";
    static final String VERSION = "version";

    public QuizState {
        chosen = Collections.unmodifiableSet(new TreeSet<>(chosen));
    }

    /** A quiz in the current course version. */
    public QuizState(String section, int question, int score, boolean answered, boolean right, Set<Integer> chosen) {
        this(section, question, score, answered, right, chosen, 0);
    }

    /** The start of {@code section}'s quiz, in the current course version. */
    public static QuizState start(Course.Section section) {
        return start(section, 0);
    }

    /** The start of {@code section}'s quiz in course version {@code version}. */
    public static QuizState start(Course.Section section, int version) {
        return new QuizState(section.id(), 0, 0, false, false, Set.of(), version);
    }

    /** The quiz of the conversation, when it is in one. */
    public static Optional<QuizState> read(Conversation conversation) {
        if (conversation.state() != ConversationState.QUIZ) {
            return Optional.empty();
        }
        return conversation.get(SECTION).map(section -> fromData(section, conversation.data()));
    }

    /** The conversation's quiz when it is a quiz of {@code section}. */
    public static Optional<QuizState> readOf(Conversation conversation, Course.Section section) {
        return read(conversation).filter(quiz -> quiz.section().equals(section.id()));
    }

    static QuizState fromData(String section, Map<String, String> data) {
        return new QuizState(
                section,
                number(data.get(QUESTION)).orElse(0),
                number(data.get(SCORE)).orElse(0),
                "1".equals(data.get(ANSWERED)),
                "1".equals(data.get(RIGHT)),
                options(data.getOrDefault(CHOSEN, "")),
                number(data.get(VERSION)).orElse(0));
    }

    /** The conversation data of this state, in the stored form. */
    public Map<String, String> data() {
        return Map.of(
                SECTION,
                section,
                QUESTION,
                Integer.toString(question),
                SCORE,
                Integer.toString(score),
                ANSWERED,
                answered ? "1" : "0",
                RIGHT,
                right ? "1" : "0",
                CHOSEN,
                chosen.stream().map(String::valueOf).collect(Collectors.joining(",")),
                VERSION,
                Integer.toString(version));
    }

    /**
     * Writes this state into the conversation: its data, when it is in a quiz already (no move, so that a quiz button
     * declares none), else a move to {@link ConversationState#QUIZ}.
     */
    public void write(Conversation conversation) {
        if (conversation.state() == ConversationState.QUIZ) {
            data().forEach(conversation::put);
        } else {
            conversation.moveTo(ConversationState.QUIZ, data());
        }
    }

    /** The index of the current question within {@code quiz}: the stored one, clamped to the quiz's last. */
    public int question(Course.Quiz quiz) {
        return Math.min(question, quiz.size() - 1);
    }

    /** {@code option} ticked if it was not, unticked if it was. */
    public QuizState toggle(int option) {
        Set<Integer> next = new TreeSet<>(chosen);
        if (!next.remove(option)) {
            next.add(option);
        }
        return new QuizState(section, question, score, answered, right, next, version);
    }

    /** The current question answered, rightly or not. */
    public QuizState answer(boolean rightly) {
        return new QuizState(section, question, score + (rightly ? 1 : 0), true, rightly, Set.of(), version);
    }

    /** The question after the current one, not yet answered. */
    public QuizState next() {
        return new QuizState(section, question + 1, score, false, false, Set.of(), version);
    }

    private static Set<Integer> options(String raw) {
        return raw.isEmpty()
                ? Set.of()
                : Arrays.stream(raw.split(","))
                        .map(QuizState::number)
                        .flatMap(Optional::stream)
                        .collect(Collectors.toSet());
    }

    private static Optional<Integer> number(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        try {
            int value = Integer.parseInt(raw.strip());
            return value >= 0 ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
