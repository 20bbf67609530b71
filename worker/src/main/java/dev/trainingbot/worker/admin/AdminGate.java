package dev.trainingbot.worker.admin;

import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.course.content.TelegramHtml;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.pipeline.UpdateContext;
import dev.trainingbot.worker.route.CallbackData;
import dev.trainingbot.worker.route.Handler;
import dev.trainingbot.worker.telegram.TelegramException;
import dev.trainingbot.worker.ui.Html;
import dev.trainingbot.worker.ui.Presenter;
import dev.trainingbot.worker.ui.Screen;
import java.util.Optional;

/**
 * What every part of the admin panel does alike: runs an action only with an open session in a private chat, and
 * answers refusals and out-of-date buttons politely (audited {@code REFUSED}). One Redis read per guarded update (the
 * session).
 */
final class AdminGate {

    /** Telegram's limit on a message's visible characters. */
    static final int MAX_MESSAGE_LENGTH = 4096;

    private final AdminAccess access;
    private final Presenter presenter;
    private final Messages messages;

    AdminGate(AdminAccess access, Presenter presenter, Messages messages) {
        this.access = access;
        this.presenter = presenter;
        this.messages = messages;
    }

    /** A handler that runs only with an open admin session in a private chat; others are told the session ended. */
    Handler guarded(String name, Handler.Body action) {
        return Handler.of(name, context -> {
            if (!context.privateChat()) {
                context.outcome(AuditOutcome.REFUSED);
                context.detail("admin", "not_private");
                answerOrSay(context, "admin.private_only");
                return;
            }
            if (!access.isAdmin(context.userId())) {
                context.outcome(AuditOutcome.REFUSED);
                context.detail("admin", "no_session");
                answerOrSay(context, "admin.session_expired");
                return;
            }
            action.handle(context);
        });
    }

    /**
     * A text handler of an admin conversation state that runs only while the session is open; once it ended the
     * conversation is reset and the admin told so.
     */
    Handler guardedText(String name, Handler.Body action) {
        return Handler.of(name, context -> {
            if (!access.isAdmin(context.userId())) {
                context.conversation().reset();
                refuse(context, "admin.session_expired");
                return;
            }
            action.handle(context);
        });
    }

    /** The pressed button's argument {@code index} ({@code 1:action:arg0:arg1…}), if it has one. */
    static Optional<String> arg(UpdateContext context, int index) {
        return CallbackData.parse(context.update().getCallbackQuery().getData())
                .filter(data -> data.args().size() > index)
                .map(data -> data.arg(index));
    }

    /** A pressed button that no longer fits the conversation: answered "out of date", nothing changes. */
    void stale(UpdateContext context) throws TelegramException {
        context.outcome(AuditOutcome.REFUSED);
        presenter.answer(context, messages.text(context.locale(), "callback.stale"));
    }

    void refuse(UpdateContext context, String key, Object... args) throws TelegramException {
        context.outcome(AuditOutcome.REFUSED);
        say(context, messages.text(context.locale(), key, args));
    }

    void say(UpdateContext context, String text) throws TelegramException {
        presenter.send(context, new Screen(text, null));
    }

    private void answerOrSay(UpdateContext context, String key) throws TelegramException {
        if (context.update().hasCallbackQuery()) {
            presenter.answer(context, messages.text(context.locale(), key));
        } else {
            say(context, messages.text(context.locale(), key));
        }
    }

    /**
     * Whether {@code html} is a message Telegram would take; if not, the admin is told why (with {@code invalidKey})
     * and the conversation stays where it is, for the message to be sent again.
     */
    boolean acceptable(UpdateContext context, String html, String invalidKey) throws Exception {
        Optional<TelegramHtml.Problem> problem = TelegramHtml.problem(html, MAX_MESSAGE_LENGTH);
        if (problem.isEmpty()) {
            return true;
        }
        String why = messages.text(
                context.locale(),
                problem.get().messageKey(),
                Html.escape(problem.get().detail()));
        say(context, messages.text(context.locale(), invalidKey, why));
        return false;
    }
}
