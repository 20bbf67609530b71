package dev.trainingbot.worker.fsm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainingbot.common.redis.RedisScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Conversations in {@code REDIS_FSM_DB}, one hash per chat and user: {@code fsm:{chat_id}:{user_id}} with
 * {@code state}, {@code data} (a JSON object of strings) and {@code version}. Saves are compare-and-set on the
 * version ({@code fsm/save.lua}), so of two workers racing on one chat the second fails with
 * {@link FsmConflictException} instead of overwriting. Each save renews the key's TTL: {@code FSM_TTL_SECONDS}, or
 * the shorter one of its state ({@code ADMIN_PASSWORD_TIMEOUT_SECONDS} for the password prompt), after which the
 * conversation is {@code IDLE} again — expired by Redis, so every worker agrees when.
 */
public final class ConversationStore {

    private static final TypeReference<Map<String, String>> DATA = new TypeReference<>() {};

    private final RedisAsyncCommands<String, String> redis;
    private final RedisScript save;
    private final Duration ttl;
    private final Map<ConversationState, Duration> stateTtls;
    private final ObjectMapper json;

    /**
     * @param ttl how long an untouched conversation is kept
     * @param stateTtls shorter lives of some states' conversations
     */
    public ConversationStore(
            RedisAsyncCommands<String, String> redis,
            Duration ttl,
            Map<ConversationState, Duration> stateTtls,
            ObjectMapper json) {
        this.redis = redis;
        this.save = RedisScript.fromClasspath("fsm/save.lua", redis);
        this.ttl = ttl;
        this.stateTtls = Map.copyOf(stateTtls);
        this.json = json;
    }

    public static String key(long chatId, long userId) {
        return "fsm:" + chatId + ":" + userId;
    }

    /** One round trip; a conversation that does not exist (or expired) is {@code IDLE} at version 0. */
    public CompletableFuture<Conversation> load(long chatId, long userId) {
        return redis.hgetall(key(chatId, userId)).toCompletableFuture().thenApply(hash -> {
            if (hash == null || hash.isEmpty()) {
                return new Conversation(chatId, userId, ConversationState.IDLE, Map.of(), 0);
            }
            ConversationState state;
            try {
                state = ConversationState.valueOf(hash.getOrDefault("state", "IDLE"));
            } catch (IllegalArgumentException e) {
                // A state this version does not know (written by a newer one, or removed): start over, keep the
                // version so the save still detects a concurrent writer.
                state = ConversationState.IDLE;
            }
            return new Conversation(
                    chatId,
                    userId,
                    state,
                    readData(hash.get("data")),
                    Long.parseLong(hash.getOrDefault("version", "0")));
        });
    }

    /**
     * Saves a changed conversation: one round trip.
     *
     * @return the future fails with {@link FsmConflictException} (wrapped) when the stored version moved on
     */
    public CompletableFuture<Long> save(Conversation conversation) {
        String key = key(conversation.chatId(), conversation.userId());
        String data;
        try {
            data = json.writeValueAsString(conversation.data());
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        return save.<Long>call(
                        redis,
                        ScriptOutputType.INTEGER,
                        new String[] {key},
                        Long.toString(conversation.version()),
                        conversation.state().name(),
                        data,
                        Long.toString(stateTtls
                                .getOrDefault(conversation.state(), ttl)
                                .toSeconds()))
                .thenApply(version -> {
                    if (version < 0) {
                        throw new CompletionException(new FsmConflictException(key, conversation.version()));
                    }
                    return version;
                });
    }

    private Map<String, String> readData(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        try {
            return json.readValue(raw, DATA);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
