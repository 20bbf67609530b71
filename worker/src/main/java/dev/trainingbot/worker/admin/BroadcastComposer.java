package dev.trainingbot.worker.admin;

import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.broadcast.Broadcasts;
import dev.trainingbot.worker.fsm.ConversationState;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.route.CallbackData;
import dev.trainingbot.worker.route.Handler;
import dev.trainingbot.worker.route.Keyboard;
import dev.trainingbot.worker.route.Router;
import dev.trainingbot.worker.ui.Presenter;
import dev.trainingbot.worker.ui.Screen;
import java.util.Map;
import java.util.Optional;

/**
 * Composing a broadcast: {@value #COMPOSE} asks for the message ({@link ConversationState#COMPOSING_BROADCAST}), the
 * text is checked as Telegram would and previewed with its audience ({@link ConversationState#CONFIRMING_BROADCAST}),
 * {@value #CONFIRM} hands it to {@link Broadcasts}, {@value #CANCEL} drops it. A preview's button pressed once no
 * broadcast is prepared is out of date, and changes nothing.
 */
final class BroadcastComposer {

    static final String COMPOSE = "admb";
    static final String CONFIRM = "admbc";
    static final String CANCEL = "admbx";

    private static final String TEXT = "text";

    private final AdminGate gate;
    private final Broadcasts broadcasts;
    private final Presenter presenter;
    private final Messages messages;

    BroadcastComposer(AdminGate gate, Broadcasts broadcasts, Presenter presenter, Messages messages) {
        this.gate = gate;
        this.broadcasts = broadcasts;
        this.presenter = presenter;
        this.messages = messages;
    }

    void register(Router.Builder routes) {
        routes.callback(COMPOSE, compose(), ConversationState.COMPOSING_BROADCAST)
                .callback(CONFIRM, confirm())
                .callback(CANCEL, cancel())
                .state(ConversationState.COMPOSING_BROADCAST, text(), ConversationState.CONFIRMING_BROADCAST)
                // The message retyped at the preview is a new preview.
                .state(ConversationState.CONFIRMING_BROADCAST, text(), ConversationState.CONFIRMING_BROADCAST);
    }

    /** Asks for the message to broadcast. */
    Handler compose() {
        return gate.guarded("admin_broadcast", context -> {
            context.detail("admin", "broadcast_compose");
            context.conversation().moveTo(ConversationState.COMPOSING_BROADCAST, Map.of());
            presenter.answer(context, null);
            gate.say(context, messages.text(context.locale(), "broadcast.prompt"));
        });
    }

    /** The text sent while composing: checked as Telegram would, then shown as a preview with the audience. */
    Handler text() {
        return gate.guardedText("admin_broadcast_text", context -> {
            String html = context.message().getText();
            if (!gate.acceptable(context, html, "broadcast.invalid")) {
                return;
            }
            int audience = broadcasts.audience();
            if (audience == 0) {
                context.conversation().reset();
                gate.say(context, messages.text(context.locale(), "broadcast.nobody"));
                return;
            }
            context.conversation().moveTo(ConversationState.CONFIRMING_BROADCAST, Map.of(TEXT, html));
            presenter.send(context, new Screen(html, null));
            presenter.send(
                    context,
                    new Screen(
                            messages.text(context.locale(), "broadcast.preview", audience),
                            Keyboard.create()
                                    .row(Keyboard.button(
                                            messages.text(context.locale(), "broadcast.send", audience),
                                            CallbackData.of(CONFIRM)))
                                    .row(
                                            Keyboard.button(
                                                    messages.text(context.locale(), "broadcast.edit"),
                                                    CallbackData.of(COMPOSE)),
                                            Keyboard.button(
                                                    messages.text(context.locale(), "broadcast.cancel"),
                                                    CallbackData.of(CANCEL)))
                                    .build()));
        });
    }

    /** Fans the confirmed message out; its message becomes the progress report. */
    Handler confirm() {
        return gate.guarded("admin_broadcast_confirm", context -> {
            Optional<String> html = context.conversation().state() == ConversationState.CONFIRMING_BROADCAST
                    ? context.conversation().get(TEXT)
                    : Optional.empty();
            if (html.isEmpty()) {
                gate.stale(context);
                return;
            }
            context.conversation().reset();
            presenter.answer(context, null);
            int progressMessage =
                    context.update().getCallbackQuery().getMessage().getMessageId();
            // Started by this update, once: a retry of it finds the broadcast instead of starting another.
            Broadcasts.Started started = broadcasts.start(
                    context.updateId(), html.get(), context.chatId(), progressMessage, context.locale());
            context.outcome(AuditOutcome.SUCCEEDED);
            context.detail("admin", "broadcast_started")
                    .detail("broadcast", started.id())
                    .detail("total", started.total());
            presenter.show(
                    context,
                    new Screen(
                            messages.text(
                                    context.locale(), "broadcast.progress", started.id(), 0, started.total(), 0, 0, 0),
                            null));
        });
    }

    Handler cancel() {
        return gate.guarded("admin_broadcast_cancel", context -> {
            ConversationState state = context.conversation().state();
            if (state != ConversationState.COMPOSING_BROADCAST && state != ConversationState.CONFIRMING_BROADCAST) {
                // Resetting here would end a quiz the admin is taking.
                gate.stale(context);
                return;
            }
            context.conversation().reset();
            presenter.show(context, new Screen(messages.text(context.locale(), "broadcast.cancelled"), null));
        });
    }
}
