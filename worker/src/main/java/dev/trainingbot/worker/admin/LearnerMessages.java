package dev.trainingbot.worker.admin;

import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.broadcast.Broadcasts;
import dev.trainingbot.worker.fsm.Conversation;
import dev.trainingbot.worker.fsm.ConversationState;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.route.Handler;
import dev.trainingbot.worker.route.Router;
import dev.trainingbot.worker.ui.Html;
import dev.trainingbot.worker.ui.Presenter;
import dev.trainingbot.worker.ui.Screen;
import java.util.Map;
import java.util.Optional;

/**
 * An admin writes to one learner from their screen: {@value #MESSAGE} asks for the text
 * ({@link ConversationState#COMPOSING_LEARNER_MESSAGE}), which is checked as Telegram would and previewed
 * ({@link ConversationState#CONFIRMING_LEARNER_MESSAGE}); {@value #MESSAGE_SEND} sends it through
 * {@link Broadcasts#sendTo} — the outbox, under the shared flood limits, once per update — and the preview's prompt
 * becomes the delivery report; {@value #MESSAGE_CANCEL} drops it. Audited as {@code details.admin}
 * {@code learner_message_compose}, {@code learner_message_sent} (with the outbox record's {@code broadcast} id) or
 * {@code learner_message_cancelled}, {@code details.learner} naming the learner.
 */
final class LearnerMessages {

    static final String MESSAGE = "admum";
    static final String MESSAGE_SEND = "admumc";
    static final String MESSAGE_CANCEL = "admumx";

    private static final String LEARNER = LearnerTools.LEARNER;
    private static final String TEXT = "text";

    private final AdminGate gate;
    private final LearnerScreens screens;
    private final LearnerDirectory learners;
    private final Broadcasts broadcasts;
    private final Presenter presenter;
    private final Messages messages;

    LearnerMessages(
            AdminGate gate,
            LearnerScreens screens,
            LearnerDirectory learners,
            Broadcasts broadcasts,
            Presenter presenter,
            Messages messages) {
        this.gate = gate;
        this.screens = screens;
        this.learners = learners;
        this.broadcasts = broadcasts;
        this.presenter = presenter;
        this.messages = messages;
    }

    void register(Router.Builder routes) {
        routes.callback(MESSAGE, compose(), ConversationState.COMPOSING_LEARNER_MESSAGE)
                .state(
                        ConversationState.COMPOSING_LEARNER_MESSAGE,
                        text(),
                        ConversationState.CONFIRMING_LEARNER_MESSAGE)
                // The message retyped at the preview is a new preview.
                .state(
                        ConversationState.CONFIRMING_LEARNER_MESSAGE,
                        text(),
                        ConversationState.CONFIRMING_LEARNER_MESSAGE)
                .callback(MESSAGE_SEND, send())
                .callback(MESSAGE_CANCEL, cancel());
    }

    /** {@code admum:<learner>}: asks for the message to the learner, who must have written to the bot in private. */
    Handler compose() {
        return gate.guarded("admin_learner_message", context -> {
            Optional<LearnerDirectory.Learner> learner = learners.learner(AdminGate.arg(context, 0));
            if (learner.isEmpty()) {
                gate.stale(context);
                return;
            }
            context.detail(LEARNER, learner.get().id());
            if (learner.get().chatId().isEmpty()) {
                context.outcome(AuditOutcome.REFUSED);
                context.detail("admin", "learner_message_no_chat");
                presenter.answer(context, messages.text(context.locale(), "learner.message_no_chat"));
                return;
            }
            context.detail("admin", "learner_message_compose");
            context.conversation()
                    .moveTo(
                            ConversationState.COMPOSING_LEARNER_MESSAGE,
                            Map.of(LEARNER, Long.toString(learner.get().id())));
            presenter.answer(context, null);
            presenter.send(context, screens.messagePrompt(context.locale(), learner.get()));
        });
    }

    /** The text sent while composing: checked as Telegram would, then previewed as the learner will see it. */
    Handler text() {
        return gate.guardedText("admin_learner_message_text", context -> {
            Conversation conversation = context.conversation();
            Optional<LearnerDirectory.Learner> learner = learners.learner(conversation.get(LEARNER));
            if (learner.isEmpty()) {
                conversation.reset();
                gate.refuse(context, "learner.gone");
                return;
            }
            String html = context.message().getText();
            if (!gate.acceptable(context, html, "broadcast.invalid")) {
                return;
            }
            conversation.moveTo(
                    ConversationState.CONFIRMING_LEARNER_MESSAGE,
                    Map.of(LEARNER, Long.toString(learner.get().id()), TEXT, html));
            presenter.send(context, new Screen(html, null));
            presenter.send(context, screens.messagePreview(context.locale(), learner.get()));
        });
    }

    /** {@code admumc:<learner>}: sends the previewed message; the preview's prompt becomes its delivery report. */
    Handler send() {
        return gate.guarded("admin_learner_message_send", context -> {
            Conversation conversation = context.conversation();
            Optional<String> html = conversation.state() == ConversationState.CONFIRMING_LEARNER_MESSAGE
                            && conversation.get(LEARNER).equals(AdminGate.arg(context, 0))
                    ? conversation.get(TEXT)
                    : Optional.empty();
            Optional<LearnerDirectory.Learner> learner =
                    html.isEmpty() ? Optional.empty() : learners.learner(AdminGate.arg(context, 0));
            if (learner.isEmpty() || learner.get().chatId().isEmpty()) {
                gate.stale(context);
                return;
            }
            conversation.reset();
            String recipient = Html.escape(learner.get().displayName());
            int report = context.update().getCallbackQuery().getMessage().getMessageId();
            // Shown before the message goes out: the outbox may deliver it, and edit this into the outcome, at once.
            presenter.show(context, screens.notice(context.locale(), "direct.sending", recipient));
            // Sent by this update, once: a retry of it finds the message on its way instead of sending another.
            Broadcasts.Started started = broadcasts.sendTo(
                    context.updateId(),
                    html.get(),
                    learner.get().chatId().getAsLong(),
                    recipient,
                    context.chatId(),
                    report,
                    context.locale());
            context.outcome(AuditOutcome.SUCCEEDED);
            context.detail("admin", "learner_message_sent")
                    .detail(LEARNER, learner.get().id())
                    .detail("broadcast", started.id());
        });
    }

    /** {@code admumx}: drops the message being written; a preview's button once none is, is out of date. */
    Handler cancel() {
        return gate.guarded("admin_learner_message_cancel", context -> {
            ConversationState state = context.conversation().state();
            if (state != ConversationState.COMPOSING_LEARNER_MESSAGE
                    && state != ConversationState.CONFIRMING_LEARNER_MESSAGE) {
                gate.stale(context);
                return;
            }
            context.conversation().reset();
            context.detail("admin", "learner_message_cancelled");
            presenter.show(context, screens.notice(context.locale(), "learner.message_cancelled"));
        });
    }
}
