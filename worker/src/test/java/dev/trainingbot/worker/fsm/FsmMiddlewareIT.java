package dev.trainingbot.worker.fsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainingbot.common.json.Json;
import dev.trainingbot.common.kafka.ChatKey;
import dev.trainingbot.testkit.redis.TestRedis;
import dev.trainingbot.worker.pipeline.InboundRecord;
import dev.trainingbot.worker.pipeline.UpdateContext;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

/** The FSM stage against a real Redis: what it tells the stages after it. */
class FsmMiddlewareIT {

    private static TestRedis redis;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static ConversationStore store;

    @BeforeAll
    static void connect() {
        redis = TestRedis.claim();
        client = RedisClient.create();
        connection = redis.connect(client, redis.fsmDb());
        store = new ConversationStore(connection.async(), Duration.ofHours(1), Map.of(), Json.mapper());
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        client.shutdown();
        redis.close();
    }

    @Test
    void aTextSentAtThePasswordPromptIsSecretForEveryStageAfterTheLoadWhicheverFails() throws Exception {
        Conversation prompt = store.load(9, 9).join();
        prompt.moveTo(ConversationState.AWAITING_ADMIN_PASSWORD, Map.of());
        store.save(prompt).join();
        UpdateContext context = new UpdateContext(
                new InboundRecord("tg.updates", 0, 0, new ChatKey(9), new byte[0], OptionalLong.empty()),
                Json.mapper()
                        .readValue(
                                "{\"update_id\":5,\"message\":{\"message_id\":2,\"date\":1,\"chat\":{\"id\":9,"
                                        + "\"type\":\"private\"},\"from\":{\"id\":9,\"is_bot\":false,"
                                        + "\"first_name\":\"A\"},\"text\":\"hunter2\"}}",
                                Update.class),
                System.nanoTime());

        // The user stage fails, before the password handler could say the text is a password.
        assertThatThrownBy(() -> new FsmMiddleware(store, new SimpleMeterRegistry()).handle(context, next -> {
                    throw new IllegalStateException("the user stage failed");
                }))
                .hasMessage("the user stage failed");

        assertThat(context.carriesSecret()).isTrue();
    }
}
