package dev.trainingbot.worker.admin;

import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.fsm.ConversationState;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.pipeline.UpdateContext;
import dev.trainingbot.worker.route.Handler;
import dev.trainingbot.worker.route.Router;
import dev.trainingbot.worker.telegram.TelegramException;
import dev.trainingbot.worker.telegram.TelegramGateway;
import dev.trainingbot.worker.ui.Presenter;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;

/**
 * Logging in and out: {@code /admin} asks for the password, the message carrying it is deleted at once and checked
 * ({@link AdminAccess}: lockout, bcrypt at bounded concurrency, a session in Redis); {@code /logout} and the
 * {@value #LOGOUT} button end the session. Every attempt is audited through the update's audit event
 * ({@code details.admin}), never with the password.
 */
final class AdminLogin {

    private static final Logger log = LoggerFactory.getLogger(AdminLogin.class);

    /** The menu's "log out" button. */
    static final String LOGOUT = "admq";

    private final AdminAccess access;
    private final AdminGate gate;
    private final AdminScreens screens;
    private final Presenter presenter;
    private final TelegramGateway telegram;
    private final Messages messages;

    AdminLogin(
            AdminAccess access,
            AdminGate gate,
            AdminScreens screens,
            Presenter presenter,
            TelegramGateway telegram,
            Messages messages) {
        this.access = access;
        this.gate = gate;
        this.screens = screens;
        this.presenter = presenter;
        this.telegram = telegram;
        this.messages = messages;
    }

    void register(Router.Builder routes) {
        routes.command("admin", login(), ConversationState.AWAITING_ADMIN_PASSWORD)
                .command("logout", logout())
                // The password may look like a command: only /cancel and /admin sent bare are commands at the prompt.
                .prompt(ConversationState.AWAITING_ADMIN_PASSWORD, password(), "cancel", "admin")
                .callback(LOGOUT, logout());
    }

    /** {@code /admin}: the menu for a logged-in admin, else the password prompt (unless locked or not allowed). */
    Handler login() {
        return Handler.of("admin_login", context -> {
            long user = context.userId();
            context.detail("admin", "login_requested");
            if (!context.privateChat()) {
                // The password would be typed in front of the group, and the menu shown to it.
                gate.refuse(context, "admin.private_only");
                return;
            }
            if (!access.enabled()) {
                gate.refuse(context, "admin.disabled");
                return;
            }
            if (!access.allows(user)) {
                gate.refuse(context, "admin.not_allowed");
                return;
            }
            if (access.isAdmin(user)) {
                presenter.show(context, screens.menu(context.locale()));
                return;
            }
            Duration locked = access.lockRemaining(user);
            if (!locked.isZero()) {
                context.detail("admin", "locked");
                gate.refuse(context, "admin.locked", minutes(locked));
                return;
            }
            context.conversation().moveTo(ConversationState.AWAITING_ADMIN_PASSWORD, Map.of());
            gate.say(context, messages.text(context.locale(), "admin.password_prompt"));
        });
    }

    /**
     * The text sent after {@code /admin}: deleted from the chat first, then checked. A message Telegram refuses to
     * delete does not stop the login (it is logged, and audited as {@code password_deleted=false}); one that cannot be
     * deleted yet because Telegram is unavailable fails the update, to be retried.
     */
    Handler password() {
        return Handler.of("admin_password", context -> {
            context.markSecret();
            context.conversation().reset();
            String password = context.message().getText();
            deletePassword(context);
            if (!context.privateChat()) {
                gate.refuse(context, "admin.private_only");
                return;
            }
            if (!access.enabled() || !access.allows(context.userId())) {
                gate.refuse(context, "admin.not_allowed");
                return;
            }
            switch (access.login(context.userId(), context.updateId(), password)) {
                case AdminAccess.Login.Accepted accepted -> {
                    context.outcome(AuditOutcome.SUCCEEDED);
                    context.detail("admin", "login_accepted").detail("legacy_hash", accepted.legacyHash());
                    presenter.send(context, screens.menu(context.locale()));
                }
                case AdminAccess.Login.Refused refused -> {
                    context.detail("admin", "login_refused");
                    gate.refuse(
                            context,
                            PasswordHash.tooLong(password) ? "admin.too_long" : "admin.wrong_password",
                            refused.attemptsLeft());
                }
                case AdminAccess.Login.Locked locked -> {
                    context.detail("admin", "login_locked");
                    gate.refuse(context, "admin.locked", minutes(locked.remaining()));
                }
                case AdminAccess.Login.Busy busy -> {
                    context.detail("admin", "login_busy");
                    gate.refuse(context, "admin.busy");
                }
            }
        });
    }

    /** {@code /logout} and the {@value #LOGOUT} button. */
    Handler logout() {
        return Handler.of("admin_logout", context -> {
            access.logout(context.userId());
            context.detail("admin", "logout");
            presenter.show(context, screens.notice(context.locale(), "admin.logged_out"));
        });
    }

    /**
     * Deletes the message carrying the password. When Telegram refuses (no right to delete in a group, the message
     * already gone), the login goes on: the user still gets an answer, and the update, which carries the password,
     * is not dead-lettered. The warning names the message, never its text.
     */
    private void deletePassword(UpdateContext context) throws TelegramException {
        int messageId = context.message().getMessageId();
        try {
            telegram.delete(DeleteMessage.builder()
                    .chatId(context.chatId())
                    .messageId(messageId)
                    .build());
        } catch (TelegramException.Permanent | TelegramException.BlockedByUser e) {
            context.detail("password_deleted", false);
            log.warn(
                    "the admin password message {} in chat {} could not be deleted, the login goes on: {}",
                    messageId,
                    context.chatId(),
                    e.getMessage());
        }
    }

    private static long minutes(Duration duration) {
        return Math.max(1, (duration.toSeconds() + 59) / 60);
    }
}
