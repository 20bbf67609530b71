package dev.trainingbot.worker.admin;

import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.audit.AuditPublisher;
import dev.trainingbot.worker.cohort.Cohort;
import dev.trainingbot.worker.cohort.Cohorts;
import dev.trainingbot.worker.cohort.InvitationLinks;
import dev.trainingbot.worker.fsm.ConversationState;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.pipeline.UpdateContext;
import dev.trainingbot.worker.route.CallbackData;
import dev.trainingbot.worker.route.Handler;
import dev.trainingbot.worker.route.Router;
import dev.trainingbot.worker.ui.Html;
import dev.trainingbot.worker.ui.Presenter;
import dev.trainingbot.worker.ui.Screen;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The admin's invitations into cohorts: the list of those in force with their links ({@value #LIST}, a button of the
 * admin menu), creating one ({@value #CREATE} asks for the name and, after a semicolon, an optional start date in
 * {@link ConversationState#NAMING_COHORT}; a text that will not do is explained and asked again), and revoking one
 * ({@value #REVOKE}: its link enrols nobody more, its learners stay in the cohort). The link is
 * {@code https://t.me/<bot>?start=<code>} ({@link InvitationLinks}).
 *
 * <p>A creation and a revocation are audit events of their own ({@value #CREATED_EVENT}, {@value #REVOKED_EVENT}),
 * with the admin and the cohort. A revoke button of a cohort revoked already answers so and changes nothing.
 */
final class AdminInvitations {

    static final String LIST = "admi";
    static final String CREATE = "admic";
    static final String REVOKE = "admir";
    /** The audit event type of a cohort created by an admin. */
    static final String CREATED_EVENT = "cohort.created";
    /** The audit event type of a cohort's invitation revoked by an admin. */
    static final String REVOKED_EVENT = "cohort.revoked";

    private final AdminGate gate;
    private final InvitationScreens screens;
    private final Cohorts cohorts;
    private final InvitationLinks links;
    private final AuditPublisher audit;
    private final Presenter presenter;
    private final Messages messages;
    private final InstantSource clock;

    AdminInvitations(
            AdminGate gate,
            InvitationScreens screens,
            Cohorts cohorts,
            InvitationLinks links,
            AuditPublisher audit,
            Presenter presenter,
            Messages messages,
            InstantSource clock) {
        this.gate = gate;
        this.screens = screens;
        this.cohorts = cohorts;
        this.links = links;
        this.audit = audit;
        this.presenter = presenter;
        this.messages = messages;
        this.clock = clock;
    }

    void register(Router.Builder routes) {
        routes.callback(LIST, list())
                .callback(CREATE, create(), ConversationState.NAMING_COHORT)
                .state(ConversationState.NAMING_COHORT, name())
                .callback(REVOKE, revoke());
    }

    /** The menu's button that opens the list. */
    static String buttonKey() {
        return "admin.button.invitations";
    }

    Handler list() {
        return gate.guarded("admin_invitations", context -> {
            context.detail("admin", "invitations");
            presenter.show(context, list(context.locale(), Optional.empty()));
        });
    }

    /** Asks for the cohort's name and start date. */
    Handler create() {
        return gate.guarded("admin_invitation_create", context -> {
            context.detail("admin", "invitation_create");
            context.conversation().moveTo(ConversationState.NAMING_COHORT, Map.of());
            presenter.answer(context, null);
            presenter.send(context, screens.prompt(context.locale()));
        });
    }

    /** The text sent while naming: {@code name}, {@code name; start}, {@code name; start; deadline} (YYYY-MM-DD). */
    Handler name() {
        return gate.guardedText("admin_invitation_name", context -> {
            Locale locale = context.locale();
            String text = context.message().getText().strip();
            List<String> parts =
                    Arrays.stream(text.split(";", -1)).map(String::strip).toList();
            String name = parts.getFirst();
            String date = parts.size() > 1 ? parts.get(1) : "";
            String due = parts.size() > 2 ? parts.get(2) : "";
            Optional<String> problem = parts.size() > 3
                    ? Optional.of(messages.text(locale, "invitation.problem.parts"))
                    : problem(locale, name, date, due);
            if (problem.isPresent()) {
                context.outcome(AuditOutcome.REFUSED);
                context.detail("admin", "invitation_invalid");
                gate.say(context, messages.text(locale, "invitation.invalid", problem.get()));
                return;
            }
            Cohort cohort = cohorts.create(name, day(date), day(due), context.userId(), context.updateId());
            context.conversation().reset();
            context.outcome(AuditOutcome.SUCCEEDED);
            context.detail("admin", "invitation_created").detail("cohort_id", cohort.id());
            publish(context, CREATED_EVENT, cohort);
            presenter.send(context, screens.created(locale, cohort, links.of(cohort)));
        });
    }

    /** {@code admir:<cohort id>}: withdraws the invitation and shows the list again. */
    Handler revoke() {
        return gate.guarded("admin_invitation_revoke", context -> {
            Optional<Long> id = CallbackData.parse(
                            context.update().getCallbackQuery().getData())
                    .filter(data -> data.args().size() == 1)
                    .flatMap(data -> number(data.arg(0)));
            Optional<Cohort> cohort = id.isEmpty() ? Optional.empty() : cohorts.byId(id.get());
            if (cohort.isEmpty()) {
                gate.stale(context);
                return;
            }
            Locale locale = context.locale();
            context.detail("cohort_id", cohort.get().id());
            if (!cohorts.revoke(cohort.get().id())) {
                context.outcome(AuditOutcome.REFUSED);
                context.detail("admin", "invitation_revoked_before");
                presenter.answer(context, messages.text(locale, "invitation.revoked_before"));
                return;
            }
            context.outcome(AuditOutcome.SUCCEEDED);
            context.detail("admin", "invitation_revoked");
            publish(context, REVOKED_EVENT, cohort.get());
            String notice = messages.text(
                    locale, "invitation.revoked", Html.escape(cohort.get().name()));
            presenter.show(context, list(locale, Optional.of(notice)));
        });
    }

    /** Why {@code name}, the start {@code date} and the deadline {@code due} will not make a cohort, if they will not. */
    private Optional<String> problem(Locale locale, String name, String date, String due) {
        if (name.isEmpty()) {
            return Optional.of(messages.text(locale, "invitation.problem.no_name"));
        }
        if (name.codePointCount(0, name.length()) > Cohort.MAX_NAME_LENGTH) {
            return Optional.of(messages.text(locale, "invitation.problem.long_name", Cohort.MAX_NAME_LENGTH));
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            return Optional.of(messages.text(locale, "invitation.problem.one_line"));
        }
        for (String day : List.of(date, due)) {
            try {
                day(day);
            } catch (DateTimeParseException e) {
                return Optional.of(messages.text(locale, "invitation.problem.date", Html.escape(day)));
            }
        }
        if (!date.isEmpty()
                && !due.isEmpty()
                && day(due).get().isBefore(day(date).get())) {
            return Optional.of(messages.text(locale, "invitation.problem.deadline_first", due, date));
        }
        return Optional.empty();
    }

    private static Optional<LocalDate> day(String text) {
        return text.isEmpty() ? Optional.empty() : Optional.of(LocalDate.parse(text));
    }

    private Screen list(Locale locale, Optional<String> notice) throws Exception {
        List<Cohorts.Listed> active = cohorts.active();
        Map<Long, String> shown = new HashMap<>();
        for (Cohorts.Listed listed : active) {
            shown.put(listed.cohort().id(), links.of(listed.cohort()));
        }
        return screens.list(locale, active, shown, notice);
    }

    private void publish(UpdateContext context, String type, Cohort cohort) {
        audit.publishBeforeCommit(
                context,
                type,
                context.userId(),
                AuditOutcome.SUCCEEDED,
                Map.of(
                        "admin_user_id",
                        context.userId(),
                        "cohort_id",
                        cohort.id(),
                        "cohort",
                        cohort.name(),
                        "starts_on",
                        cohort.startsOn().map(LocalDate::toString).orElse("")),
                clock.instant());
    }

    private static Optional<Long> number(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
