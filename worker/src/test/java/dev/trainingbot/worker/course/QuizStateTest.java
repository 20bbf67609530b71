package dev.trainingbot.worker.course;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.CourseLoader;
import dev.trainingbot.worker.fsm.Conversation;
import dev.trainingbot.worker.fsm.ConversationState;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The quiz's state in the conversation: what it writes reads back the same, and what earlier releases stored reads. */
class QuizStateTest {

    private static final Course COURSE = CourseLoader.load(Path.of("../content/course.yaml"));
    private static final Course.Section SECTION = COURSE.sections().getFirst();

    @Property(tries = 200)
    void whatIsWrittenReadsBackTheSame(@ForAll("states") QuizState state) {
        Conversation conversation = new Conversation(1, 1, ConversationState.IDLE, Map.of(), 0);

        state.write(conversation);

        assertThat(conversation.state()).isEqualTo(ConversationState.QUIZ);
        assertThat(QuizState.read(conversation)).hasValue(state);
    }

    @Test
    void aQuizStoredByThePreviousReleaseMidMultipleChoiceReadsAsItWas() {
        // The data the previous release's QuizFlow stored: started without "right", two options ticked.
        Conversation stored = new Conversation(
                1,
                1,
                ConversationState.QUIZ,
                Map.of("section", SECTION.id(), "q", "2", "score", "1", "answered", "0", "chosen", "0,2"),
                7);

        QuizState quiz = QuizState.readOf(stored, SECTION).orElseThrow();

        assertThat(quiz).isEqualTo(new QuizState(SECTION.id(), 2, 1, false, false, Set.of(0, 2)));
    }

    @Test
    void anAnsweredQuestionStoredByThePreviousReleaseReadsAnsweredAndItsVerdict() {
        Conversation stored = new Conversation(
                1,
                1,
                ConversationState.QUIZ,
                Map.of("section", SECTION.id(), "q", "1", "score", "2", "answered", "1", "right", "1", "chosen", ""),
                7);

        assertThat(QuizState.read(stored)).hasValue(new QuizState(SECTION.id(), 1, 2, true, true, Set.of()));
    }

    @Test
    void whatThisReleaseWritesIsTheStoredFormThePreviousReleaseReads() {
        QuizState quiz = new QuizState(SECTION.id(), 1, 1, false, false, Set.of(3, 1));

        assertThat(quiz.data())
                .containsEntry("section", SECTION.id())
                .containsEntry("q", "1")
                .containsEntry("score", "1")
                .containsEntry("answered", "0")
                .containsEntry("chosen", "1,3");
    }

    @Test
    void unreadableOrMissingValuesReadAsTheirDefaults() {
        Conversation damaged = new Conversation(
                1,
                1,
                ConversationState.QUIZ,
                Map.of("section", SECTION.id(), "q", "-4", "score", "many", "answered", "yes", "chosen", "1,,x,-2,5"),
                3);

        assertThat(QuizState.read(damaged)).hasValue(new QuizState(SECTION.id(), 0, 0, false, false, Set.of(1, 5)));
    }

    @Test
    void aQuestionIndexBeyondTheQuizIsItsLastQuestion() {
        QuizState beyond = new QuizState(SECTION.id(), 99, 0, false, false, Set.of());

        assertThat(beyond.question(SECTION.quiz())).isEqualTo(SECTION.quiz().size() - 1);
    }

    @Test
    void noQuizOutsideTheQuizStateNorOfAnotherSection() {
        Conversation idle = new Conversation(1, 1, ConversationState.IDLE, Map.of(), 0);
        Conversation other = new Conversation(1, 1, ConversationState.QUIZ, Map.of("section", "another", "q", "0"), 1);

        assertThat(QuizState.read(idle)).isEmpty();
        assertThat(QuizState.readOf(other, SECTION)).isEmpty();
    }

    @Test
    void answeringScoresAndClearsTheTicksAndNextMovesOn() {
        QuizState ticked = QuizState.start(SECTION).toggle(2).toggle(0).toggle(2);
        assertThat(ticked.chosen()).containsExactly(0);

        QuizState answered = ticked.answer(true);
        assertThat(answered).isEqualTo(new QuizState(SECTION.id(), 0, 1, true, true, Set.of()));
        assertThat(answered.next()).isEqualTo(new QuizState(SECTION.id(), 1, 1, false, false, Set.of()));
    }

    @Provide
    Arbitrary<QuizState> states() {
        return Combinators.combine(
                        Arbitraries.of(COURSE.sections()).map(Course.Section::id),
                        Arbitraries.integers().between(0, 50),
                        Arbitraries.integers().between(0, 50),
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false),
                        Arbitraries.integers().between(0, 9).set().ofMaxSize(6))
                .as(QuizState::new);
    }
}
