package dev.trainingbot.worker.cohort;

import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.audit.AuditPublisher;
import dev.trainingbot.worker.course.CourseNavigation;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.pipeline.UpdateContext;
import dev.trainingbot.worker.route.CallbackData;
import dev.trainingbot.worker.route.Handler;
import dev.trainingbot.worker.route.Keyboard;
import dev.trainingbot.worker.route.Router;
import dev.trainingbot.worker.ui.Html;
import dev.trainingbot.worker.ui.Presenter;
import dev.trainingbot.worker.ui.Screen;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /start}, with a deep link's code ({@code t.me/<bot>?start=<code>} arrives as {@code /start <code>}): a learner
 * in no cohort is enrolled into the code's cohort; one in it already is told so; one in another cohort is asked
 * whether to move ({@value #SWITCH} moves, {@value #STAY} keeps them where they are). A malformed, unknown or revoked
 * code is said so. Every answer but the question comes above the usual greeting ({@link CourseNavigation#greet}), and
 * {@code /start} without a code is the greeting alone. Codes are taken in private chats only.
 *
 * <p>An enrolment and a move are audit events of their own ({@value #ENROLLED_EVENT}, {@value #SWITCHED_EVENT}); the
 * update's event carries {@code details.cohort} as well. A question's button pressed once it no longer fits — the
 * invitation revoked since, the move made already — says what is true now and changes nothing. Database statements:
 * one to find the code, two to enrol (a transaction), a third to name the other cohort.
 */
public final class DeepLinkEnrolment {

    /** The callback action that moves the learner into the cohort of the code given as its argument. */
    static final String SWITCH = "cohy";
    /** The callback action that keeps the learner in their cohort. */
    static final String STAY = "cohn";
    /** The audit event type of a learner enrolled into a cohort. */
    public static final String ENROLLED_EVENT = "cohort.enrolled";
    /** The audit event type of a learner moved from one cohort into another. */
    public static final String SWITCHED_EVENT = "cohort.switched";

    private final Cohorts cohorts;
    private final CourseNavigation navigation;
    private final AuditPublisher audit;
    private final Presenter presenter;
    private final Messages messages;
    private final InstantSource clock;

    public DeepLinkEnrolment(
            Cohorts cohorts,
            CourseNavigation navigation,
            AuditPublisher audit,
            Presenter presenter,
            Messages messages,
            InstantSource clock) {
        this.cohorts = cohorts;
        this.navigation = navigation;
        this.audit = audit;
        this.presenter = presenter;
        this.messages = messages;
        this.clock = clock;
    }

    /** Adds {@code /start} and the question's buttons to the route table. */
    public void register(Router.Builder routes) {
        routes.command("start", start()).callback(SWITCH, moveButton()).callback(STAY, stayButton());
    }

    Handler start() {
        return Handler.of("start", context -> {
            Optional<String> payload = payload(context.message().getText());
            if (payload.isEmpty()) {
                navigation.greet(context, Optional.empty());
                return;
            }
            context.detail("deep_link", true);
            Locale locale = context.locale();
            if (!context.privateChat() || context.userId() == null) {
                refuse(context, "private_only");
                navigation.greet(context, Optional.of(messages.text(locale, "cohort.private_only")));
                return;
            }
            Optional<Cohort> cohort =
                    InvitationCode.wellFormed(payload.get()) ? cohorts.byCode(payload.get()) : Optional.empty();
            if (cohort.isEmpty() || cohort.get().revoked()) {
                refuse(context, cohort.isEmpty() ? "unknown_code" : "revoked");
                String key = cohort.isEmpty() ? "cohort.invalid_link" : "cohort.revoked";
                navigation.greet(context, Optional.of(messages.text(locale, key)));
                return;
            }
            Cohorts.Enrolment enrolment = cohorts.enrol(context.userId(), cohort.get(), context.updateId(), false);
            note(context, enrolment);
            switch (enrolment.outcome()) {
                case IN_ANOTHER -> {
                    context.conversation().reset();
                    presenter.send(context, question(locale, enrolment));
                }
                case ALREADY_IN_IT ->
                    navigation.greet(
                            context,
                            Optional.of(messages.text(
                                    locale,
                                    "cohort.already",
                                    Html.escape(cohort.get().name()))));
                default -> navigation.greet(context, Optional.of(welcome(locale, cohort.get())));
            }
        });
    }

    /** {@code cohy:<code>}: moves the learner into the code's cohort, if it still takes learners. */
    Handler moveButton() {
        return Handler.of("cohort_switch", context -> {
            Optional<Cohort> cohort = argument(context).isEmpty()
                    ? Optional.empty()
                    : cohorts.byCode(argument(context).get());
            if (cohort.isEmpty() || context.userId() == null) {
                stale(context);
                return;
            }
            Locale locale = context.locale();
            if (cohort.get().revoked()) {
                refuse(context, "revoked");
                presenter.show(context, new Screen(messages.text(locale, "cohort.revoked"), null));
                return;
            }
            Cohorts.Enrolment enrolment = cohorts.enrol(context.userId(), cohort.get(), context.updateId(), true);
            note(context, enrolment);
            String name = Html.escape(cohort.get().name());
            String text = enrolment.outcome() == Cohorts.Outcome.ALREADY_IN_IT
                    ? messages.text(locale, "cohort.already", name)
                    : enrolment.outcome() == Cohorts.Outcome.SWITCHED
                            ? messages.text(locale, "cohort.switched", name)
                            : welcome(locale, cohort.get());
            presenter.show(context, new Screen(text, null));
        });
    }

    /** {@code cohn:<code>}: the learner stays in their cohort; nothing changes. */
    Handler stayButton() {
        return Handler.of("cohort_stay", context -> {
            Optional<Cohort> current = context.userId() == null ? Optional.empty() : cohorts.cohortOf(context.userId());
            if (current.isEmpty()) {
                stale(context);
                return;
            }
            context.detail("cohort", "stayed").detail("cohort_id", current.get().id());
            presenter.show(
                    context,
                    new Screen(
                            messages.text(
                                    context.locale(),
                                    "cohort.stayed",
                                    Html.escape(current.get().name())),
                            null));
        });
    }

    /** {@code /start CODE} → {@code CODE}; {@code /start} alone (or followed by blanks) → empty. */
    static Optional<String> payload(String text) {
        String stripped = text.strip();
        int space = 0;
        while (space < stripped.length() && !Character.isWhitespace(stripped.charAt(space))) {
            space++;
        }
        String rest = stripped.substring(space).strip();
        return rest.isEmpty() ? Optional.empty() : Optional.of(rest);
    }

    private Screen question(Locale locale, Cohorts.Enrolment enrolment) {
        String current = enrolment.previous().map(Cohort::name).orElse("?");
        String code = enrolment.cohort().code();
        return new Screen(
                messages.text(
                        locale,
                        "cohort.switch_ask",
                        Html.escape(current),
                        Html.escape(enrolment.cohort().name())),
                Keyboard.create()
                        .row(
                                Keyboard.button(
                                        messages.text(locale, "cohort.switch_yes"), CallbackData.of(SWITCH, code)),
                                Keyboard.button(messages.text(locale, "cohort.switch_no"), CallbackData.of(STAY, code)))
                        .build());
    }

    private String welcome(Locale locale, Cohort cohort) {
        String name = Html.escape(cohort.name());
        return cohort.startsOn()
                .map(day -> messages.text(locale, "cohort.enrolled_starts", name, day.toString()))
                .orElse(messages.text(locale, "cohort.enrolled", name));
    }

    /** Puts what the enrolment did into the update's audit event and, for a change, into an event of its own. */
    private void note(UpdateContext context, Cohorts.Enrolment enrolment) {
        Cohorts.Outcome outcome = enrolment.outcome();
        context.detail("cohort", outcome.name().toLowerCase(Locale.ROOT))
                .detail("cohort_id", enrolment.cohort().id());
        enrolment.previous().ifPresent(previous -> context.detail("previous_cohort_id", previous.id()));
        if (outcome != Cohorts.Outcome.ENROLLED && outcome != Cohorts.Outcome.SWITCHED) {
            context.outcome(AuditOutcome.IGNORED);
            return;
        }
        String type = outcome == Cohorts.Outcome.ENROLLED ? ENROLLED_EVENT : SWITCHED_EVENT;
        Map<String, Object> details = new HashMap<>();
        details.put("cohort_id", enrolment.cohort().id());
        details.put("cohort", enrolment.cohort().name());
        enrolment.previous().ifPresent(previous -> details.put("previous_cohort_id", previous.id()));
        audit.publishBeforeCommit(
                context, type, context.userId(), AuditOutcome.SUCCEEDED, Map.copyOf(details), clock.instant());
    }

    private static void refuse(UpdateContext context, String why) {
        context.outcome(AuditOutcome.REFUSED);
        context.detail("cohort", why);
    }

    private void stale(UpdateContext context) throws Exception {
        context.outcome(AuditOutcome.REFUSED);
        presenter.answer(context, messages.text(context.locale(), "callback.stale"));
    }

    private static Optional<String> argument(UpdateContext context) {
        return CallbackData.parse(context.update().getCallbackQuery().getData())
                .filter(data -> data.args().size() == 1 && InvitationCode.wellFormed(data.arg(0)))
                .map(data -> data.arg(0));
    }
}
