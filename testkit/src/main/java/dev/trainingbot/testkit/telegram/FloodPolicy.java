package dev.trainingbot.testkit.telegram;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Telegram's flood limits as the emulator enforces them (from the start, unless a test changes them): a token bucket for the whole bot,
 * one per private chat, and a sliding one-minute window per group (negative chat id). A message (sent or edited)
 * beyond them is answered 429 with {@code retry_after} in whole seconds, as Telegram does, and is not delivered.
 *
 * @param botPerSecond messages per second for the bot
 * @param botBurst the bot's bucket size
 * @param chatPerSecond messages per second to one private chat
 * @param chatBurst a private chat's bucket size
 * @param groupPerMinute messages in any minute to one group
 */
public record FloodPolicy(
        double botPerSecond, double botBurst, double chatPerSecond, double chatBurst, int groupPerMinute) {

    /**
     * Telegram's published limits — about 30 messages a second, 1 a second per chat (with short bursts), 20 a minute
     * per group — with the tolerance of a second's worth of burst that Telegram shows in practice.
     */
    public static FloodPolicy telegram() {
        return new FloodPolicy(30, 30, 1, 4, 20);
    }

    static final Set<String> LIMITED = Set.of(
            "sendMessage",
            "sendDocument",
            "sendPhoto",
            "sendVideo",
            "sendAnimation",
            "sendAudio",
            "sendVoice",
            "editMessageText",
            "editMessageReplyMarkup");

    /** The state of the limits; thread-safe. */
    static final class Enforcer {
        private final FloodPolicy policy;
        private double botTokens;
        private long botAt;
        private final Map<Long, double[]> chats = new HashMap<>();
        private final Map<Long, Deque<Long>> groups = new HashMap<>();
        private long rejected;

        Enforcer(FloodPolicy policy) {
            this.policy = policy;
            this.botTokens = policy.botBurst();
            this.botAt = System.nanoTime();
        }

        /** Takes the message's tokens, or throws the 429 Telegram would answer. */
        synchronized void admit(String method, long chatId) {
            if (!LIMITED.contains(method)) {
                return;
            }
            long now = System.nanoTime();
            botTokens = Math.min(policy.botBurst(), botTokens + (now - botAt) / 1e9 * policy.botPerSecond());
            botAt = now;
            double wait = botTokens >= 1 ? 0 : (1 - botTokens) / policy.botPerSecond();
            double[] chat = null;
            Deque<Long> group = null;
            if (chatId < 0) {
                group = groups.computeIfAbsent(chatId, id -> new ArrayDeque<>());
                while (!group.isEmpty() && now - group.peekFirst() >= 60_000_000_000L) {
                    group.pollFirst();
                }
                if (group.size() >= policy.groupPerMinute()) {
                    wait = Math.max(wait, (group.peekFirst() + 60_000_000_000L - now) / 1e9);
                }
            } else {
                chat = chats.computeIfAbsent(chatId, id -> new double[] {policy.chatBurst(), now});
                chat[0] = Math.min(policy.chatBurst(), chat[0] + (now - (long) chat[1]) / 1e9 * policy.chatPerSecond());
                chat[1] = now;
                if (chat[0] < 1) {
                    wait = Math.max(wait, (1 - chat[0]) / policy.chatPerSecond());
                }
            }
            if (wait > 0) {
                rejected++;
                throw ApiError.tooManyRequests((int) Math.max(1, Math.ceil(wait)));
            }
            botTokens -= 1;
            if (chat != null) {
                chat[0] -= 1;
            } else {
                group.addLast(now);
            }
        }

        synchronized long rejected() {
            return rejected;
        }
    }
}
