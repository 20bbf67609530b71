package dev.trainingbot.worker.course;

import static dev.trainingbot.worker.course.CourseNavigation.arg;
import static dev.trainingbot.worker.course.CourseNavigation.userId;

import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.course.completion.CourseCompletion;
import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.CourseCatalog;
import dev.trainingbot.worker.course.progress.ProgressRepository;
import dev.trainingbot.worker.course.progress.SectionProgress;
import dev.trainingbot.worker.fsm.Conversation;
import dev.trainingbot.worker.fsm.ConversationState;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.pipeline.UpdateContext;
import dev.trainingbot.worker.route.Handler;
import dev.trainingbot.worker.route.Router;
import dev.trainingbot.worker.ui.Presenter;
import dev.trainingbot.worker.ui.Screen;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A section's quiz, one question at a time, its state in the conversation ({@link ConversationState#QUIZ}, read and
 * written as a {@link QuizState}) so that it survives restarts and moves between workers.
 *
 * <p>A button of another question than the current one, or of a question already answered, is answered "no longer
 * active" and changes nothing; so is a button that names no question of the course. The finished quiz is recorded
 * (one insert, once per update however often it is retried, then two reads for the best score) and the conversation
 * returns to idle.
 *
 * <p>A quiz keeps the course version it started in ({@link QuizState#version()}) until it ends: a new version
 * published meanwhile changes nothing of it, its questions and its buttons. A button naming a section the quiz's
 * version does not have is answered that the course changed.
 */
public final class QuizFlow {

    static final String START = "quiz";
    static final String ANSWER = "ans";
    static final String SUBMIT = "sub";
    static final String NEXT = "next";

    private final CourseCatalog course;
    private final Screens screens;
    private final Presenter presenter;
    private final ProgressRepository progress;
    private final Messages messages;
    private final CourseCompletion completion;

    public QuizFlow(
            CourseCatalog course,
            Screens screens,
            Presenter presenter,
            ProgressRepository progress,
            Messages messages,
            CourseCompletion completion) {
        this.course = course;
        this.screens = screens;
        this.presenter = presenter;
        this.progress = progress;
        this.messages = messages;
        this.completion = completion;
    }

    /** Adds the quiz's buttons, and the text sent during a quiz. */
    public void register(Router.Builder routes) {
        routes.callback(START, start(), ConversationState.QUIZ)
                .callback(ANSWER, answer())
                .callback(SUBMIT, submit())
                .callback(NEXT, next())
                .state(ConversationState.QUIZ, reminder());
    }

    /** {@code quiz:<section>}: starts the quiz, or continues it where it stopped. */
    public Handler start() {
        return Handler.of("quiz_start", context -> {
            Optional<String> sectionId = arg(context, 0);
            // The quiz of this section already running goes on in its version; a new one starts in the current.
            Optional<QuizState> running =
                    QuizState.read(context.conversation()).filter(q -> sectionId.equals(Optional.of(q.section())));
            Optional<Course.Section> section =
                    sectionId.flatMap((running.isPresent() ? courseOf(context) : course.current())::section);
            if (section.isEmpty()) {
                changed(context);
                return;
            }
            QuizState quiz = running.orElseGet(
                    () -> QuizState.start(section.get(), course.currentVersion().number()));
            quiz.write(context.conversation());
            context.detail("section", section.get().id());
            presenter.show(context, current(context, section.get(), quiz));
        });
    }

    /** {@code ans:<section>:<question>:<option>}: answers a single-choice question, or ticks a multiple-choice one. */
    public Handler answer() {
        return Handler.of("quiz_answer", context -> {
            Optional<Current> current = current(context);
            Optional<Integer> option = arg(context, 2).flatMap(QuizFlow::index);
            if (current.isEmpty()
                    || option.isEmpty()
                    || option.get() >= current.get().question().options().size()) {
                stale(context);
                return;
            }
            Course.Question question = current.get().question();
            if (!question.multiple()) {
                evaluate(context, current.get(), Set.of(option.get()));
                return;
            }
            QuizState ticked = current.get().quiz().toggle(option.get());
            ticked.write(context.conversation());
            presenter.show(
                    context,
                    screens.question(
                            context.locale(),
                            current.get().section(),
                            current.get().index(),
                            ticked.chosen()));
        });
    }

    /** {@code sub:<section>:<question>}: submits the options ticked for a multiple-choice question. */
    public Handler submit() {
        return Handler.of("quiz_submit", context -> {
            Optional<Current> current = current(context);
            if (current.isEmpty() || !current.get().question().multiple()) {
                stale(context);
                return;
            }
            evaluate(context, current.get(), current.get().quiz().chosen());
        });
    }

    /** {@code next:<section>:<question>}: after the explanation, the next question or the result. */
    public Handler next() {
        return Handler.of("quiz_next", context -> {
            Optional<Course.Section> section = arg(context, 0).flatMap(courseOf(context)::section);
            Optional<QuizState> quiz = section.flatMap(s -> QuizState.readOf(context.conversation(), s));
            if (section.isEmpty()) {
                changed(context);
                return;
            }
            if (quiz.isEmpty()
                    || !quiz.get().answered()
                    || !arg(context, 1)
                            .equals(Optional.of(
                                    question(section.get(), quiz.get()).id()))) {
                stale(context);
                return;
            }
            QuizState next = quiz.get().next();
            if (next.question() < section.get().quiz().size()) {
                next.write(context.conversation());
                presenter.show(context, screens.question(context.locale(), section.get(), next.question(), Set.of()));
                return;
            }
            finish(context, section.get(), quiz.get());
        });
    }

    /** Text sent during a quiz: shows where the quiz stopped, as a new message. */
    public Handler reminder() {
        return Handler.of("quiz_reminder", context -> {
            Conversation conversation = context.conversation();
            Optional<QuizState> quiz = QuizState.read(conversation);
            Optional<Course.Section> section =
                    quiz.flatMap(q -> courseOf(context).section(q.section()));
            if (section.isEmpty()) {
                conversation.reset();
                presenter.send(context, screens.mainMenu(context.locale()));
                return;
            }
            Screen screen = current(context, section.get(), quiz.get());
            presenter.send(
                    context,
                    new Screen(
                            messages.text(context.locale(), "quiz.in_progress") + "\n\n" + screen.text(),
                            screen.keyboard()));
        });
    }

    private void evaluate(UpdateContext context, Current current, Set<Integer> chosen) throws Exception {
        boolean right = current.question().isRight(chosen);
        current.quiz().answer(right).write(context.conversation());
        context.detail("section", current.section().id())
                .detail("question", current.question().id())
                .detail("right", right);
        presenter.show(context, screens.answered(context.locale(), current.section(), current.index(), right));
    }

    private void finish(UpdateContext context, Course.Section section, QuizState quiz) throws Exception {
        int score = quiz.score();
        long user = userId(context);
        // Recorded before the result is shown: if showing it fails, the update is retried and records nothing more.
        boolean recorded =
                progress.recordAttempt(user, section.id(), score, section.quiz().size(), context.updateId());
        List<SectionProgress> mine = progress.progressOf(user);
        int best = mine.stream()
                .filter(p -> p.sectionId().equals(section.id()))
                .findFirst()
                .flatMap(p ->
                        p.bestScore().isPresent() ? Optional.of(p.bestScore().getAsInt()) : Optional.empty())
                .orElse(score);
        context.conversation().reset();
        context.detail("section", section.id())
                .detail("score", score)
                .detail("max_score", section.quiz().size())
                .detail("attempt_recorded", recorded);
        presenter.show(context, screens.result(context.locale(), section, score, best));
        completion.afterQuiz(context, user, mine);
    }

    /** The screen of where the quiz stands: the current question, or its explanation once answered. */
    private Screen current(UpdateContext context, Course.Section section, QuizState quiz) {
        int index = quiz.question(section.quiz());
        if (quiz.answered()) {
            return screens.answered(context.locale(), section, index, quiz.right());
        }
        return screens.question(context.locale(), section, index, quiz.chosen());
    }

    /** The question a button refers to, when it is the current, unanswered one of the conversation's quiz. */
    private Optional<Current> current(UpdateContext context) {
        Optional<Course.Section> section = arg(context, 0).flatMap(courseOf(context)::section);
        Optional<QuizState> quiz = section.flatMap(s -> QuizState.readOf(context.conversation(), s));
        if (quiz.isEmpty() || quiz.get().answered()) {
            return Optional.empty();
        }
        Course.Question question = question(section.get(), quiz.get());
        if (!arg(context, 1).equals(Optional.of(question.id()))) {
            return Optional.empty();
        }
        return Optional.of(
                new Current(section.get(), quiz.get().question(section.get().quiz()), question, quiz.get()));
    }

    /**
     * The course of the conversation's quiz: the version it started in, while this worker has it or can read it back;
     * else (no quiz, a quiz of the previous release, a version gone) the current one.
     */
    private Course courseOf(UpdateContext context) {
        return QuizState.read(context.conversation())
                .filter(quiz -> quiz.version() > 0)
                .flatMap(quiz -> course.version(quiz.version()))
                .orElseGet(course::current);
    }

    private static Course.Question question(Course.Section section, QuizState quiz) {
        return section.quiz().questions().get(quiz.question(section.quiz()));
    }

    private static Optional<Integer> index(String raw) {
        try {
            int value = Integer.parseInt(raw);
            return value >= 0 ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void stale(UpdateContext context) throws Exception {
        context.outcome(AuditOutcome.REFUSED);
        context.detail("callback_data", context.update().getCallbackQuery().getData());
        presenter.answer(context, messages.text(context.locale(), "quiz.stale"));
    }

    /** A button of a section the course no longer has: the course changed since its message was sent. */
    private void changed(UpdateContext context) throws Exception {
        context.outcome(AuditOutcome.REFUSED);
        context.detail("callback_data", context.update().getCallbackQuery().getData());
        presenter.answer(context, messages.text(context.locale(), "course.changed"));
    }

    private record Current(Course.Section section, int index, Course.Question question, QuizState quiz) {}
}
