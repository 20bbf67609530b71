package dev.trainingbot.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.common.json.Json;
import dev.trainingbot.common.kafka.ChatKey;
import dev.trainingbot.worker.fsm.Conversation;
import dev.trainingbot.worker.fsm.ConversationState;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

/** Whether an update's text must be kept out of the dead-letter topic, at every stage of its way. */
class UpdateContextTest {

    @Test
    void aTextIsPresumedSecretUntilItsConversationIsLoaded() throws Exception {
        UpdateContext context = context("{\"message\":{\"message_id\":1,\"date\":1,\"chat\":{\"id\":7,\"type\":"
                + "\"private\"},\"from\":{\"id\":7,\"is_bot\":false,\"first_name\":\"A\"},\"text\":\"hunter2\"}}");

        // The guard failed: nobody knows yet whether this answers the password prompt.
        assertThat(context.carriesSecret()).isTrue();
        context.conversation(new Conversation(7, 7, ConversationState.IDLE, Map.of(), 3));
        assertThat(context.carriesSecret()).isFalse();
        context.markSecret();
        assertThat(context.carriesSecret()).isTrue();
    }

    @Test
    void aButtonPressCarriesNoSecretText() throws Exception {
        UpdateContext context = context("{\"callback_query\":{\"id\":\"q\",\"chat_instance\":\"c\",\"from\":"
                + "{\"id\":7,\"is_bot\":false,\"first_name\":\"A\"},\"data\":\"1:menu\"}}");

        assertThat(context.carriesSecret()).isFalse();
    }

    private static UpdateContext context(String payload) throws Exception {
        Update update = Json.mapper().readValue("{\"update_id\":5," + payload.substring(1), Update.class);
        return new UpdateContext(
                new InboundRecord("tg.updates", 0, 0, new ChatKey(7), new byte[0], OptionalLong.empty()),
                update,
                System.nanoTime());
    }
}
