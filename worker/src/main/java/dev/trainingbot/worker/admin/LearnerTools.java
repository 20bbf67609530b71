package dev.trainingbot.worker.admin;

import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.cohort.Cohorts;
import dev.trainingbot.worker.course.completion.Certificate;
import dev.trainingbot.worker.course.completion.CertificateRepository;
import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.CourseCatalog;
import dev.trainingbot.worker.course.progress.ProgressRepository;
import dev.trainingbot.worker.fsm.ConversationState;
import dev.trainingbot.worker.guard.ThrottleBans;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.pipeline.UpdateContext;
import dev.trainingbot.worker.route.Handler;
import dev.trainingbot.worker.route.Router;
import dev.trainingbot.worker.ui.Presenter;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * The admin's tools for one learner: find them ({@value #FIND}, then an id, @username or part of a name in
 * {@link ConversationState#FINDING_LEARNER}; several matches are a list of buttons), see them ({@value #SHOW}: the
 * {@link LearnerCard}), and reset a section's progress or the whole course ({@value #RESET} asks,
 * {@value #RESET_CONFIRM} does it, once per confirmation however often it is pressed: {@link ResetConfirmations});
 * writing to them is {@link LearnerMessages}.
 *
 * <p>Each action is audited through the update's audit event: {@code details.admin} says what
 * ({@code learner_search}, {@code learner_viewed}, {@code learner_reset}, {@code learner_message_sent}, …) and
 * {@code details.learner} whom. A button of an older screen that no longer fits — a learner gone, a section that left
 * the course, a preview already sent — is answered "out of date" and changes nothing.
 *
 * <p>Database statements per update: a search one (two when it finds one learner: their progress); a learner's
 * screen two; a reset four (the learner, two deletes in one transaction, the progress shown after). Redis: the
 * session, and a reset's claim (one round trip, two when it was claimed before).
 */
final class LearnerTools {

    static final String FIND = "admuf";
    static final String SHOW = "admu";
    static final String RESET = "admur";
    static final String RESET_CONFIRM = "admuy";

    static final String LEARNER = "learner";

    private final AdminGate gate;
    private final LearnerScreens screens;
    private final LearnerDirectory learners;
    private final ProgressRepository progress;
    private final Cohorts cohorts;
    private final ResetConfirmations confirmations;
    private final CertificateRepository certificates;
    private final ThrottleBans bans;
    private final Presenter presenter;
    private final Messages messages;
    private final CourseCatalog course;

    LearnerTools(
            AdminGate gate,
            LearnerScreens screens,
            LearnerDirectory learners,
            ProgressRepository progress,
            Cohorts cohorts,
            ResetConfirmations confirmations,
            CertificateRepository certificates,
            ThrottleBans bans,
            Presenter presenter,
            Messages messages,
            CourseCatalog course) {
        this.gate = gate;
        this.screens = screens;
        this.learners = learners;
        this.progress = progress;
        this.cohorts = cohorts;
        this.confirmations = confirmations;
        this.certificates = certificates;
        this.bans = bans;
        this.presenter = presenter;
        this.messages = messages;
        this.course = course;
    }

    void register(Router.Builder routes) {
        routes.callback(FIND, find(), ConversationState.FINDING_LEARNER)
                .state(ConversationState.FINDING_LEARNER, search())
                .callback(SHOW, show())
                .callback(RESET, askReset())
                .callback(RESET_CONFIRM, reset());
    }

    /** Asks whom to find. */
    Handler find() {
        return gate.guarded("admin_learner_find", context -> {
            context.detail("admin", "learner_find");
            context.conversation().moveTo(ConversationState.FINDING_LEARNER, Map.of());
            presenter.answer(context, null);
            presenter.send(context, screens.prompt(context.locale()));
        });
    }

    /** The text sent while finding: one match is shown, several listed, none said; the search stays open but for one. */
    Handler search() {
        return gate.guardedText("admin_learner_search", context -> {
            String query = context.message().getText().strip();
            // A certificate's code finds its holder: the way to check a certificate someone shows.
            Optional<Certificate> certificate = certificates.byCode(query);
            Optional<LearnerDirectory.Learner> holder =
                    certificate.isPresent() ? learners.learner(certificate.get().userId()) : Optional.empty();
            if (holder.isPresent()) {
                context.conversation().reset();
                context.detail("admin", "certificate_lookup")
                        .detail(LEARNER, holder.get().id());
                presenter.send(context, screens.card(context.locale(), card(holder.get()), Optional.empty()));
                return;
            }
            LearnerDirectory.Found found = learners.find(query);
            context.detail("admin", "learner_search")
                    .detail("matches", found.learners().size());
            if (found.learners().isEmpty()) {
                presenter.send(context, screens.notFound(context.locale(), query));
            } else if (found.learners().size() == 1 && !found.more()) {
                context.conversation().reset();
                LearnerDirectory.Learner learner = found.learners().getFirst();
                context.detail(LEARNER, learner.id());
                presenter.send(context, screens.card(context.locale(), card(learner), Optional.empty()));
            } else {
                presenter.send(context, screens.matches(context.locale(), query, found));
            }
        });
    }

    /** {@code admu:<learner>}: the learner's screen, edited into the pressed message. */
    Handler show() {
        return gate.guarded("admin_learner", context -> {
            Optional<LearnerDirectory.Learner> learner = learner(context);
            if (learner.isEmpty()) {
                gate.stale(context);
                return;
            }
            if (context.conversation().state() == ConversationState.FINDING_LEARNER) {
                context.conversation().reset();
            }
            context.detail("admin", "learner_viewed")
                    .detail(LEARNER, learner.get().id());
            presenter.show(context, screens.card(context.locale(), card(learner.get()), Optional.empty()));
        });
    }

    /** {@code admur:<learner>:<section|*>}: asks to confirm the reset; this update's id makes the confirmation's. */
    Handler askReset() {
        return gate.guarded("admin_learner_reset_ask", context -> {
            Optional<LearnerDirectory.Learner> learner = learner(context);
            Optional<Optional<Course.Section>> target = target(context);
            if (learner.isEmpty() || target.isEmpty()) {
                gate.stale(context);
                return;
            }
            context.detail("admin", "learner_reset_asked")
                    .detail(LEARNER, learner.get().id())
                    .detail("section", target.get().map(Course.Section::id).orElse(LearnerScreens.WHOLE_COURSE));
            presenter.show(
                    context,
                    screens.confirmReset(
                            context.locale(),
                            learner.get(),
                            target.get(),
                            ResetConfirmations.nonceOf(context.updateId())));
        });
    }

    /**
     * {@code admuy:<learner>:<section|*>:<nonce>}: resets, once per confirmation. A confirmation used before — the
     * same button pressed again — is answered that it was done and changes nothing.
     */
    Handler reset() {
        return gate.guarded("admin_learner_reset", context -> {
            Optional<LearnerDirectory.Learner> learner = learner(context);
            Optional<Optional<Course.Section>> target = target(context);
            Optional<String> nonce = AdminGate.arg(context, 2);
            if (learner.isEmpty() || target.isEmpty() || nonce.isEmpty()) {
                gate.stale(context);
                return;
            }
            String section = target.get().map(Course.Section::id).orElse(LearnerScreens.WHOLE_COURSE);
            context.detail(LEARNER, learner.get().id()).detail("section", section);
            if (!confirmations.claim(learner.get().id(), section, nonce.get(), context.updateId())) {
                context.outcome(AuditOutcome.REFUSED);
                context.detail("admin", "learner_reset_repeated");
                presenter.answer(context, messages.text(context.locale(), "learner.reset_again"));
                return;
            }
            ProgressRepository.Reset reset =
                    progress.reset(learner.get().id(), target.get().map(Course.Section::id));
            context.outcome(AuditOutcome.SUCCEEDED);
            context.detail("admin", "learner_reset")
                    .detail("lessons_deleted", reset.lessons())
                    .detail("attempts_deleted", reset.attempts());
            String notice = messages.text(context.locale(), "learner.reset_done", reset.lessons(), reset.attempts());
            presenter.show(context, screens.card(context.locale(), card(learner.get()), Optional.of(notice)));
        });
    }

    private LearnerCard card(LearnerDirectory.Learner learner) throws Exception {
        return new LearnerCard(
                learner,
                progress.progressOf(learner.id()),
                cohorts.cohortOf(learner.id()),
                certificates.ofUser(learner.id()),
                bans.of(learner.id()));
    }

    private Optional<LearnerDirectory.Learner> learner(UpdateContext context) throws SQLException {
        return learners.learner(AdminGate.arg(context, 0));
    }

    /** The button's second argument: a section of the course, or the whole course ({@code Optional.empty()}). */
    private Optional<Optional<Course.Section>> target(UpdateContext context) {
        Optional<String> target = AdminGate.arg(context, 1);
        if (target.equals(Optional.of(LearnerScreens.WHOLE_COURSE))) {
            return Optional.of(Optional.empty());
        }
        return target.flatMap(course.current()::section).map(Optional::of);
    }
}
