package dev.trainingbot.worker.fsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainingbot.common.json.Json;
import dev.trainingbot.testkit.redis.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Conversations in a real Redis, as two workers see them. */
class ConversationStoreIT {

    private static TestRedis redis;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> first;
    private static StatefulRedisConnection<String, String> second;
    private static final AtomicLong chats = new AtomicLong(500);

    @BeforeAll
    static void connect() {
        redis = TestRedis.claim();
        client = RedisClient.create();
        first = redis.connect(client, redis.fsmDb());
        second = redis.connect(client, redis.fsmDb());
    }

    @AfterAll
    static void disconnect() {
        first.close();
        second.close();
        client.shutdown();
        redis.close();
    }

    @Test
    void aConversationSavedByOneWorkerIsContinuedByAnother() {
        long chat = chats.incrementAndGet();
        ConversationStore workerA = store(first);
        Conversation conversation = workerA.load(chat, chat).join();
        conversation.moveTo(ConversationState.QUIZ, Map.of("quiz", "onboarding", "question", "2"));
        workerA.save(conversation).join();

        Conversation continued = store(second).load(chat, chat).join();

        assertThat(continued.state()).isEqualTo(ConversationState.QUIZ);
        assertThat(continued.data()).containsEntry("question", "2");
        assertThat(continued.version()).isEqualTo(1);
    }

    @Test
    void ofTwoWorkersSavingTheSameVersionTheSecondIsRefused() {
        long chat = chats.incrementAndGet();
        Conversation a = store(first).load(chat, chat).join();
        Conversation b = store(second).load(chat, chat).join();
        a.moveTo(ConversationState.QUIZ, Map.of("question", "1"));
        b.moveTo(ConversationState.QUIZ, Map.of("question", "9"));
        store(first).save(a).join();

        assertThatThrownBy(() -> store(second).save(b).join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(FsmConflictException.class);
        assertThat(store(first).load(chat, chat).join().data()).containsEntry("question", "1");
    }

    @Test
    void theStoredConversationUsesTheSeedKeyAndExpires() {
        long chat = chats.incrementAndGet();
        Conversation conversation = store(first).load(chat, 42).join();
        conversation.moveTo(ConversationState.QUIZ, Map.of("question", "0"));
        store(first).save(conversation).join();

        String key = "fsm:" + chat + ":42";
        assertThat(first.sync().hgetall(key)).containsEntry("state", "QUIZ").containsEntry("version", "1");
        assertThat(first.sync().ttl(key)).isBetween(3_500L, 3_600L);
    }

    @Test
    void thePasswordPromptExpiresSoonAndTheConversationIsIdleAfterIt() {
        long chat = chats.incrementAndGet();
        Conversation conversation = store(first).load(chat, chat).join();
        conversation.moveTo(ConversationState.AWAITING_ADMIN_PASSWORD, Map.of());
        store(first).save(conversation).join();

        String key = "fsm:" + chat + ":" + chat;
        assertThat(first.sync().ttl(key)).isBetween(110L, 120L);
        // What Redis does once the TTL is over.
        first.sync().del(key);
        assertThat(store(second).load(chat, chat).join().state()).isEqualTo(ConversationState.IDLE);
    }

    @Test
    void aStateThisVersionDoesNotKnowStartsOverAtIdle() {
        long chat = chats.incrementAndGet();
        first.sync().hset("fsm:" + chat + ":" + chat, Map.of("state", "RETIRED_STATE", "data", "{}", "version", "4"));

        Conversation conversation = store(first).load(chat, chat).join();

        assertThat(conversation.state()).isEqualTo(ConversationState.IDLE);
        assertThat(conversation.version()).isEqualTo(4);
    }

    private static ConversationStore store(StatefulRedisConnection<String, String> connection) {
        return new ConversationStore(
                connection.async(),
                Duration.ofHours(1),
                Map.of(ConversationState.AWAITING_ADMIN_PASSWORD, Duration.ofMinutes(2)),
                Json.mapper());
    }
}
