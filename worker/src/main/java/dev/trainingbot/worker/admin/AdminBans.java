package dev.trainingbot.worker.admin;

import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.audit.AuditPublisher;
import dev.trainingbot.worker.guard.BanLength;
import dev.trainingbot.worker.guard.ThrottleBans;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.pipeline.UpdateContext;
import dev.trainingbot.worker.route.CallbackData;
import dev.trainingbot.worker.route.Handler;
import dev.trainingbot.worker.route.Keyboard;
import dev.trainingbot.worker.route.Router;
import dev.trainingbot.worker.ui.Html;
import dev.trainingbot.worker.ui.Presenter;
import dev.trainingbot.worker.ui.Screen;
import dev.trainingbot.worker.user.UserLookup;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The admin panel's bans: the list of bans in force ({@value #LIST}, a button of the admin menu), with a button to
 * lift each ({@value #LIFT}), and {@code /unban <user id | @username>}. Only a logged-in admin in a private chat may
 * use them. Every lift is an audit event of its own ({@value #UNBAN_EVENT}), with the admin and the user.
 */
public final class AdminBans {

    /** The callback action of the list of bans. */
    public static final String LIST = "admn";
    /** The callback action of lifting the ban of the user given as its argument. */
    public static final String LIFT = "admnu";
    /** The command that lifts a ban by user id or @username. */
    public static final String COMMAND = "unban";
    /** The audit event type of a lifted ban. */
    public static final String UNBAN_EVENT = "throttle.unban";

    /** Bans listed on one screen (a button each; Telegram allows 100 buttons, a screen stays readable with fewer). */
    private static final int SHOWN = 10;

    private final AdminAccess access;
    private final ThrottleBans bans;
    private final UserLookup users;
    private final AuditPublisher audit;
    private final Presenter presenter;
    private final Messages messages;
    private final InstantSource clock;

    public AdminBans(
            AdminAccess access,
            ThrottleBans bans,
            UserLookup users,
            AuditPublisher audit,
            Presenter presenter,
            Messages messages,
            InstantSource clock) {
        this.access = access;
        this.bans = bans;
        this.users = users;
        this.audit = audit;
        this.presenter = presenter;
        this.messages = messages;
        this.clock = clock;
    }

    /** Adds this class's actions to the route table. */
    public void register(Router.Builder routes) {
        routes.callback(LIST, list()).callback(LIFT, liftButton()).command(COMMAND, liftCommand());
    }

    /** The menu's button that opens the list. */
    public static String buttonKey() {
        return "admin.button.bans";
    }

    Handler list() {
        return admin("admin_bans", context -> {
            context.detail("admin", "bans");
            presenter.show(context, screen(context.locale(), null));
        });
    }

    Handler liftButton() {
        return admin("admin_unban", context -> {
            CallbackData data = CallbackData.parse(
                            context.update().getCallbackQuery().getData())
                    .orElseThrow();
            long user;
            try {
                user = Long.parseLong(data.arg(0));
            } catch (RuntimeException e) {
                context.outcome(AuditOutcome.REFUSED);
                presenter.answer(context, messages.text(context.locale(), "callback.stale"));
                return;
            }
            String note = lift(context, user, Long.toString(user));
            presenter.show(context, screen(context.locale(), note));
        });
    }

    Handler liftCommand() {
        return admin("admin_unban", context -> {
            String text = context.message().getText().strip();
            String target =
                    text.contains(" ") ? text.substring(text.indexOf(' ') + 1).strip() : "";
            Optional<Long> user = resolve(target);
            if (user.isEmpty()) {
                context.outcome(AuditOutcome.REFUSED);
                context.detail("admin", "unban_unknown");
                String key = target.isEmpty() ? "admin.unban_usage" : "admin.unban_unknown";
                presenter.send(context, new Screen(messages.text(context.locale(), key, Html.escape(target)), null));
                return;
            }
            presenter.send(context, screen(context.locale(), lift(context, user.get(), target)));
        });
    }

    private Optional<Long> resolve(String target) throws Exception {
        if (target.isEmpty()) {
            return Optional.empty();
        }
        if (target.chars().allMatch(Character::isDigit) && target.length() < 19) {
            return Optional.of(Long.parseLong(target));
        }
        if (target.startsWith("@") && target.length() > 1) {
            return users.idOf(target);
        }
        return Optional.empty();
    }

    /** Lifts the ban, audits it, and says what happened. */
    private String lift(UpdateContext context, long user, String named) throws Exception {
        boolean wasBanned = bans.lift(user);
        context.detail("admin", "unban").detail("unbanned_user", user).detail("was_banned", wasBanned);
        audit.publishBeforeCommit(
                context,
                UNBAN_EVENT,
                user,
                wasBanned ? AuditOutcome.SUCCEEDED : AuditOutcome.IGNORED,
                Map.of("admin_user_id", context.userId(), "was_banned", wasBanned),
                clock.instant());
        return messages.text(context.locale(), wasBanned ? "admin.unbanned" : "admin.not_banned", Html.escape(named));
    }

    private Screen screen(Locale locale, String note) throws Exception {
        List<ThrottleBans.Ban> inForce = bans.inForce(SHOWN);
        long total = inForce.size() < SHOWN ? inForce.size() : bans.countInForce();
        Map<Long, String> names =
                users.usernames(inForce.stream().map(ThrottleBans.Ban::userId).toList());
        StringBuilder text = new StringBuilder();
        if (note != null) {
            text.append(note).append("\n\n");
        }
        text.append(messages.text(locale, "admin.bans", total));
        Keyboard keyboard = Keyboard.create();
        for (ThrottleBans.Ban ban : inForce) {
            String who = names.containsKey(ban.userId())
                    ? ban.userId() + " @" + names.get(ban.userId())
                    : Long.toString(ban.userId());
            Duration left = Duration.between(clock.instant(), ban.until());
            text.append('\n')
                    .append(messages.text(
                            locale, "admin.bans_entry", Html.escape(who), BanLength.text(messages, locale, left)));
            keyboard.row(Keyboard.button(
                    messages.text(locale, "admin.button.unban", who),
                    CallbackData.of(LIFT, Long.toString(ban.userId()))));
        }
        text.append("\n\n").append(messages.text(locale, "admin.bans_hint"));
        keyboard.row(
                Keyboard.button(messages.text(locale, "admin.button.refresh_bans"), CallbackData.of(LIST)),
                Keyboard.button(messages.text(locale, "nav.back"), CallbackData.of("adm")));
        return new Screen(text.toString(), keyboard.build());
    }

    /** Runs {@code action} only for a logged-in admin in a private chat; others are told why not. */
    private Handler admin(String name, Handler.Body action) {
        return Handler.of(name, context -> {
            String refusal = !context.privateChat()
                    ? "admin.private_only"
                    : access.isAdmin(context.userId()) ? null : "admin.session_expired";
            if (refusal == null) {
                action.handle(context);
                return;
            }
            context.outcome(AuditOutcome.REFUSED);
            context.detail("admin", refusal.equals("admin.private_only") ? "not_private" : "no_session");
            String text = messages.text(context.locale(), refusal);
            if (context.update().hasCallbackQuery()) {
                presenter.answer(context, text);
            } else {
                presenter.send(context, new Screen(text, null));
            }
        });
    }
}
