package dev.trainingbot.worker.course;

import static dev.trainingbot.worker.course.CourseNavigation.arg;
import static dev.trainingbot.worker.course.CourseNavigation.userId;

import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.progress.ProgressRepository;
import dev.trainingbot.worker.fsm.Conversation;
import dev.trainingbot.worker.fsm.ConversationState;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.pipeline.UpdateContext;
import dev.trainingbot.worker.route.Handler;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A section's quiz, one question at a time, its state in the conversation ({@link ConversationState#QUIZ}) so that
 * it survives restarts and moves between workers: {@value #SECTION}, the question index {@value #QUESTION}, the
 * {@value #SCORE} so far, whether the current question was {@value #ANSWERED} (and {@value #RIGHT}), and the options
 * {@value #CHOSEN} of a multiple-choice question before it is submitted.
 *
 * <p>A button of another question than the current one, or of a question already answered, is answered "no longer
 * active" and changes nothing; so is a button that names no question of the course. The finished quiz is recorded
 * (one insert, once per update however often it is retried, then two reads for the best score) and the conversation
 * returns to idle.
 */
public final class QuizFlow {

    static final String SECTION = "section";
    static final String QUESTION = "q";
    static final String SCORE = "score";
    static final String ANSWERED = "answered";
    static final String CHOSEN = "chosen";
    static final String RIGHT = "right";

    private final Course course;
    private final Screens screens;
    private final Presenter presenter;
    private final ProgressRepository progress;
    private final Messages messages;

    public QuizFlow(
            Course course, Screens screens, Presenter presenter, ProgressRepository progress, Messages messages) {
        this.course = course;
        this.screens = screens;
        this.presenter = presenter;
        this.progress = progress;
        this.messages = messages;
    }

    /** {@code quiz:<section>}: starts the quiz, or continues it where it stopped. */
    public Handler start() {
        return Handler.of("quiz_start", context -> {
            Optional<Course.Section> section = arg(context, 0).flatMap(course::section);
            if (section.isEmpty()) {
                stale(context);
                return;
            }
            Conversation conversation = context.conversation();
            if (!isCurrent(conversation, section.get())) {
                conversation.moveTo(
                        ConversationState.QUIZ,
                        Map.of(SECTION, section.get().id(), QUESTION, "0", SCORE, "0", ANSWERED, "0", CHOSEN, ""));
            }
            context.detail(SECTION, section.get().id());
            presenter.show(context, current(context, section.get()));
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
            Set<Integer> chosen = chosen(context.conversation());
            if (!chosen.remove(option.get())) {
                chosen.add(option.get());
            }
            context.conversation()
                    .put(CHOSEN, chosen.stream().map(String::valueOf).collect(Collectors.joining(",")));
            presenter.show(
                    context,
                    screens.question(
                            context.locale(),
                            current.get().section(),
                            current.get().index(),
                            chosen));
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
            evaluate(context, current.get(), chosen(context.conversation()));
        });
    }

    /** {@code next:<section>:<question>}: after the explanation, the next question or the result. */
    public Handler next() {
        return Handler.of("quiz_next", context -> {
            Optional<Course.Section> section = arg(context, 0).flatMap(course::section);
            Conversation conversation = context.conversation();
            if (section.isEmpty()
                    || !isCurrent(conversation, section.get())
                    || !"1".equals(conversation.get(ANSWERED).orElse("0"))
                    || !arg(context, 1)
                            .equals(Optional.of(
                                    question(section.get(), conversation).id()))) {
                stale(context);
                return;
            }
            int next = index(conversation.get(QUESTION).orElse("0")).orElse(0) + 1;
            if (next < section.get().quiz().size()) {
                conversation
                        .put(QUESTION, Integer.toString(next))
                        .put(ANSWERED, "0")
                        .put(CHOSEN, "");
                presenter.show(context, screens.question(context.locale(), section.get(), next, Set.of()));
                return;
            }
            finish(context, section.get());
        });
    }

    /** Text sent during a quiz: shows where the quiz stopped, as a new message. */
    public Handler reminder() {
        return Handler.of("quiz_reminder", context -> {
            Conversation conversation = context.conversation();
            Optional<Course.Section> section = conversation.get(SECTION).flatMap(course::section);
            if (section.isEmpty()) {
                conversation.reset();
                presenter.send(context, screens.mainMenu(context.locale()));
                return;
            }
            Screen screen = current(context, section.get());
            presenter.send(
                    context,
                    new Screen(
                            messages.text(context.locale(), "quiz.in_progress") + "\n\n" + screen.text(),
                            screen.keyboard()));
        });
    }

    private void evaluate(UpdateContext context, Current current, Set<Integer> chosen) throws Exception {
        boolean right = current.question().isRight(chosen);
        Conversation conversation = context.conversation();
        int score = index(conversation.get(SCORE).orElse("0")).orElse(0) + (right ? 1 : 0);
        conversation
                .put(SCORE, Integer.toString(score))
                .put(ANSWERED, "1")
                .put(RIGHT, right ? "1" : "0")
                .put(CHOSEN, "");
        context.detail(SECTION, current.section().id())
                .detail("question", current.question().id())
                .detail("right", right);
        presenter.show(context, screens.answered(context.locale(), current.section(), current.index(), right));
    }

    private void finish(UpdateContext context, Course.Section section) throws Exception {
        int score = index(context.conversation().get(SCORE).orElse("0")).orElse(0);
        long user = userId(context);
        // Recorded before the result is shown: if showing it fails, the update is retried and records nothing more.
        boolean recorded =
                progress.recordAttempt(user, section.id(), score, section.quiz().size(), context.updateId());
        int best = progress.progressOf(user).stream()
                .filter(p -> p.sectionId().equals(section.id()))
                .findFirst()
                .flatMap(p ->
                        p.bestScore().isPresent() ? Optional.of(p.bestScore().getAsInt()) : Optional.empty())
                .orElse(score);
        context.conversation().reset();
        context.detail(SECTION, section.id())
                .detail(SCORE, score)
                .detail("max_score", section.quiz().size())
                .detail("attempt_recorded", recorded);
        presenter.show(context, screens.result(context.locale(), section, score, best));
    }

    /** The screen of where the quiz stands: the current question, or its explanation once answered. */
    private Screen current(UpdateContext context, Course.Section section) {
        Conversation conversation = context.conversation();
        int index = Math.min(
                index(conversation.get(QUESTION).orElse("0")).orElse(0),
                section.quiz().size() - 1);
        if ("1".equals(conversation.get(ANSWERED).orElse("0"))) {
            boolean right = "1".equals(conversation.get(RIGHT).orElse("0"));
            return screens.answered(context.locale(), section, index, right);
        }
        return screens.question(context.locale(), section, index, chosen(conversation));
    }

    /** The question a button refers to, when it is the current, unanswered one of the conversation's quiz. */
    private Optional<Current> current(UpdateContext context) {
        Optional<Course.Section> section = arg(context, 0).flatMap(course::section);
        Conversation conversation = context.conversation();
        if (section.isEmpty()
                || !isCurrent(conversation, section.get())
                || "1".equals(conversation.get(ANSWERED).orElse("0"))) {
            return Optional.empty();
        }
        Course.Question question = question(section.get(), conversation);
        if (!arg(context, 1).equals(Optional.of(question.id()))) {
            return Optional.empty();
        }
        int index = section.get().quiz().questions().indexOf(question);
        return Optional.of(new Current(section.get(), index, question));
    }

    private static boolean isCurrent(Conversation conversation, Course.Section section) {
        return conversation.state() == ConversationState.QUIZ
                && conversation.get(SECTION).filter(section.id()::equals).isPresent();
    }

    private static Course.Question question(Course.Section section, Conversation conversation) {
        int index = Math.min(
                index(conversation.get(QUESTION).orElse("0")).orElse(0),
                section.quiz().size() - 1);
        return section.quiz().questions().get(index);
    }

    private static Set<Integer> chosen(Conversation conversation) {
        String raw = conversation.get(CHOSEN).orElse("");
        return raw.isEmpty()
                ? new TreeSet<>()
                : Arrays.stream(raw.split(","))
                        .map(QuizFlow::index)
                        .flatMap(Optional::stream)
                        .collect(Collectors.toCollection(TreeSet::new));
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

    private record Current(Course.Section section, int index, Course.Question question) {}
}
