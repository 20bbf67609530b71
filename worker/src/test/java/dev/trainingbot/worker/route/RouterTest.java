package dev.trainingbot.worker.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.common.kafka.ChatKey;
import dev.trainingbot.worker.fsm.Conversation;
import dev.trainingbot.worker.fsm.ConversationState;
import dev.trainingbot.worker.pipeline.InboundRecord;
import dev.trainingbot.worker.pipeline.UpdateContext;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.message.Message;

class RouterTest {

    private final Router router = Router.builder()
            .command("cancel", named("cancel"))
            .command("start", named("start"))
            .state(ConversationState.QUIZ, named("quiz_text"))
            .anyText(ConversationState.AWAITING_ADMIN_PASSWORD, named("password"), "cancel")
            .unknownCommand(named("unknown_command"))
            .forgedCallback(named("forged"))
            .idleText(named("idle_text"))
            .build();

    @Test
    void commandNameIgnoresCaseBotMentionAndArguments() {
        assertThat(Router.command("/start")).isEqualTo("start");
        assertThat(Router.command("/Start@TrainingBot")).isEqualTo("start");
        assertThat(Router.command("/start deep-link-payload")).isEqualTo("start");
        assertThat(Router.command("/help\nmore")).isEqualTo("help");
    }

    @Test
    void commandsGoToTheirHandlersWhateverTheStateAndTextToTheStates() {
        assertThat(chosen("/start", ConversationState.QUIZ)).isEqualTo("start");
        assertThat(chosen("/nope", ConversationState.QUIZ)).isEqualTo("unknown_command");
        assertThat(chosen("an answer", ConversationState.QUIZ)).isEqualTo("quiz_text");
        assertThat(chosen("hello", ConversationState.IDLE)).isEqualTo("idle_text");
    }

    @Test
    void whileThePasswordIsAwaitedTextThatLooksLikeACommandIsThePassword() {
        assertThat(chosen("/s3cret-passw0rd", ConversationState.AWAITING_ADMIN_PASSWORD))
                .isEqualTo("password");
        assertThat(chosen("/start", ConversationState.AWAITING_ADMIN_PASSWORD)).isEqualTo("password");
        assertThat(chosen("plain password", ConversationState.AWAITING_ADMIN_PASSWORD))
                .isEqualTo("password");
    }

    @Test
    void cancelStillCancelsWhileThePasswordIsAwaited() {
        assertThat(chosen("/cancel", ConversationState.AWAITING_ADMIN_PASSWORD)).isEqualTo("cancel");
        assertThat(chosen("/Cancel@TrainingBot", ConversationState.AWAITING_ADMIN_PASSWORD))
                .isEqualTo("cancel");
    }

    private String chosen(String text, ConversationState state) {
        Message message = new Message();
        message.setMessageId(1);
        message.setChat(Chat.builder().id(7L).type("private").build());
        message.setText(text);
        Update update = new Update();
        update.setUpdateId(1);
        update.setMessage(message);
        UpdateContext context = new UpdateContext(
                new InboundRecord("tg.updates", 0, 0, new ChatKey(7), new byte[0], OptionalLong.empty()),
                update,
                System.nanoTime());
        context.conversation(new Conversation(7, 7, state, Map.of(), 1));
        return router.choose(context).orElseThrow().name();
    }

    private static Handler named(String name) {
        return Handler.of(name, context -> {});
    }
}
