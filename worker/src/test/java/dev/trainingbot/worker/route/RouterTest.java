package dev.trainingbot.worker.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainingbot.worker.fsm.ConversationState;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.message.Message;

class RouterTest {

    private final Router router = Router.builder()
            .command("cancel", named("cancel"))
            .command("start", named("start"))
            .state(ConversationState.QUIZ, named("quiz_text"))
            .command("admin", named("admin"), ConversationState.AWAITING_ADMIN_PASSWORD)
            .callback("quiz", named("quiz"), ConversationState.QUIZ)
            .prompt(ConversationState.AWAITING_ADMIN_PASSWORD, named("password"), "cancel", "admin")
            .state(ConversationState.COMPOSING_BROADCAST, named("broadcast_text"))
            .unknownCommand(named("unknown_command"))
            .forgedCallback(named("forged"))
            .idleText(named("idle_text"))
            .refusal((context, key) -> {})
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
    void cancelAndAdminSentBareStillWorkWhileThePasswordIsAwaited() {
        assertThat(chosen("/cancel", ConversationState.AWAITING_ADMIN_PASSWORD)).isEqualTo("cancel");
        assertThat(chosen("/Cancel@TrainingBot", ConversationState.AWAITING_ADMIN_PASSWORD))
                .isEqualTo("cancel");
        assertThat(chosen("/admin", ConversationState.AWAITING_ADMIN_PASSWORD)).isEqualTo("admin");
        // With anything after it, it may be a password that starts like a command.
        assertThat(chosen("/admin s3cret", ConversationState.AWAITING_ADMIN_PASSWORD))
                .isEqualTo("password");
    }

    @Test
    void anyInputButItsTextLeavesThePromptBeforeItIsHandled() {
        assertThat(router.decide(ConversationState.AWAITING_ADMIN_PASSWORD, new Router.Input.Button("quiz")))
                .isEqualTo(new Router.Decision.Run(route("quiz"), true));
        assertThat(router.decide(ConversationState.AWAITING_ADMIN_PASSWORD, new Router.Input.Command("admin", true)))
                .isInstanceOf(Router.Decision.Run.class)
                .extracting(decision -> ((Router.Decision.Run) decision).leavesPrompt())
                .isEqualTo(true);
        assertThat(router.decide(ConversationState.AWAITING_ADMIN_PASSWORD, new Router.Input.Text()))
                .extracting(decision -> ((Router.Decision.Run) decision).leavesPrompt())
                .isEqualTo(false);
    }

    @Test
    void aMoveTheTableRefusesIsAnsweredWithItsNoticeInsteadOfRunningTheHandler() {
        assertThat(router.decide(ConversationState.COMPOSING_BROADCAST, new Router.Input.Button("quiz")))
                .isEqualTo(new Router.Decision.Refuse(
                        ConversationState.COMPOSING_BROADCAST, ConversationState.QUIZ, "broadcast.pending"));
    }

    @Test
    void aTableWithAMoveThatIsNeitherAllowedNorRefusedIsNotBuilt() {
        Router.Builder builder = Router.builder()
                .state(ConversationState.IDLE, named("idle"), ConversationState.CONFIRMING_BROADCAST)
                .unknownCommand(named("unknown_command"))
                .forgedCallback(named("forged"))
                .idleText(named("idle_text"))
                .refusal((context, key) -> {});

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("route idle")
                .hasMessageContaining("IDLE -> CONFIRMING_BROADCAST");
    }

    private String chosen(String text, ConversationState state) {
        Message message = new Message();
        message.setMessageId(1);
        message.setChat(Chat.builder().id(7L).type("private").build());
        message.setText(text);
        Update update = new Update();
        update.setUpdateId(1);
        update.setMessage(message);
        return ((Router.Decision.Run) router.decide(state, Router.Input.of(update)))
                .route()
                .handler()
                .name();
    }

    private Router.Route route(String action) {
        return ((Router.Decision.Run) router.decide(ConversationState.IDLE, new Router.Input.Button(action))).route();
    }

    private static Handler named(String name) {
        return Handler.of(name, context -> {});
    }
}
