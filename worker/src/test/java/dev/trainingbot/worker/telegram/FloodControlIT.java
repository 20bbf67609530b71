package dev.trainingbot.worker.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.testkit.redis.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared flood limits ({@code telegram/flood.lua}) against a real Redis: the bot's GCRA limiter, a private
 * chat's, a group's sliding minute, and the lanes that let replies pass bulk traffic. With no wait allowed,
 * {@link FloodControl#acquire} answers at once: empty when the message may go now (its turn taken), else the wait
 * the script asked for (nothing taken). With a wait allowed, the turn is booked and waited out.
 */
class FloodControlIT {

    private static final double PLENTY = 100_000;
    private static final long CHAT = 42;
    private static final long GROUP = -1_001_000_000_042L;

    private static TestRedis redis;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;

    @BeforeAll
    static void connect() {
        redis = TestRedis.claim();
        client = RedisClient.create();
        connection = redis.connect(client, redis.throttleDb());
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        client.shutdown();
        redis.close();
    }

    @BeforeEach
    void emptyLimiters() {
        // The limiters are the fleet's own keys (flood:tat:bot is one for the whole bot): each test starts with none.
        connection.sync().flushdb();
    }

    @Test
    void theBotsLimitLetsItsBurstGoThenAsksToWaitForItsRate() throws Exception {
        FloodControl flood = flood(new FloodLimits(1, 3, PLENTY, 1_000, 1_000, Duration.ZERO));

        for (long chat = 1; chat <= 3; chat++) {
            assertThat(flood.acquire(chat, FloodLane.REPLY))
                    .as("message %d of the burst", chat)
                    .isEmpty();
        }
        long asked = System.nanoTime();
        Optional<Duration> fourth = flood.acquire(4, FloodLane.REPLY);
        Duration roundTrip = Duration.ofNanos(System.nanoTime() - asked);

        // One turn a second, whichever chat the message is for; the answer counts the round trip.
        assertThat(fourth)
                .hasValueSatisfying(wait -> assertThat(wait)
                        .isPositive()
                        .isLessThanOrEqualTo(Duration.ofSeconds(1).plus(roundTrip)));
        assertThat(flood.acquire(GROUP, FloodLane.REPLY))
                .as("groups share the bot's limit")
                .isPresent();
    }

    @Test
    void aPrivateChatGetsItsBurstThenOneMessageASecondWhileOtherChatsGoOn() throws Exception {
        FloodControl flood = flood(new FloodLimits(PLENTY, 1_000, 1, 3, 20, Duration.ZERO));

        for (int i = 0; i < 3; i++) {
            assertThat(flood.acquire(CHAT, FloodLane.REPLY)).isEmpty();
        }
        long asked = System.nanoTime();
        Optional<Duration> fourth = flood.acquire(CHAT, FloodLane.REPLY);
        Duration roundTrip = Duration.ofNanos(System.nanoTime() - asked);

        assertThat(fourth)
                .hasValueSatisfying(wait -> assertThat(wait)
                        .isPositive()
                        .isLessThanOrEqualTo(Duration.ofSeconds(1).plus(roundTrip)));
        assertThat(flood.acquire(CHAT + 1, FloodLane.REPLY)).as("another chat").isEmpty();
        assertThat(connection.sync().pttl("flood:tat:chat:" + CHAT))
                .as("the chat's limiter expires once it holds nothing back: three turns of a second")
                .isBetween(1L, 3_001L);
    }

    @Test
    void aGroupGetsTwentyMessagesInAnyMinuteThenWaitsForTheOldestToLeaveTheWindow() throws Exception {
        // A private chat's 1 a second would allow only one of these at once: groups have their own limit instead.
        FloodControl flood = flood(new FloodLimits(PLENTY, 1_000, 1, 1, 20, Duration.ZERO));

        for (int i = 0; i < 20; i++) {
            assertThat(flood.acquire(GROUP, FloodLane.REPLY))
                    .as("group message %d", i + 1)
                    .isEmpty();
        }
        long asked = System.nanoTime();
        Optional<Duration> twentyFirst = flood.acquire(GROUP, FloodLane.REPLY);
        Duration roundTrip = Duration.ofNanos(System.nanoTime() - asked);

        assertThat(twentyFirst)
                .hasValueSatisfying(wait -> assertThat(wait)
                        .isBetween(
                                Duration.ofSeconds(55),
                                Duration.ofMillis(60_001).plus(roundTrip)));
        assertThat(flood.acquire(GROUP - 1, FloodLane.REPLY))
                .as("another group")
                .isEmpty();
        assertThat(connection.sync().zcard("flood:group:" + GROUP)).isEqualTo(20);
        assertThat(connection.sync().pttl("flood:group:" + GROUP)).isBetween(1L, 61_001L);
    }

    @Test
    void aMessageThatMustWaitTakesNothing() throws Exception {
        // The bot's limit barely refills (one turn in 1000 s): its theoretical arrival time moves only for sends.
        FloodControl flood = flood(new FloodLimits(0.001, 100, 1, 1, 2, Duration.ZERO));
        flood.acquire(GROUP, FloodLane.REPLY);
        flood.acquire(GROUP, FloodLane.REPLY);

        for (int i = 0; i < 5; i++) {
            assertThat(flood.acquire(GROUP, FloodLane.REPLY)).isPresent();
        }

        assertThat(connection.sync().zcard("flood:group:" + GROUP)).isEqualTo(2);
        assertThat(botBacklogMillis())
                .as("the bot's limit holds only the two that went, a million milliseconds each")
                .isBetween(2_000_000 - 1_000.0, 2_000_000.0);
    }

    @Test
    void aWaitWithinTheMaximumIsBookedAndWaitedOut() throws Exception {
        FloodControl flood = flood(new FloodLimits(10, 1, PLENTY, 1_000, 20, Duration.ofSeconds(5)));
        long started = System.nanoTime();

        for (long chat = 1; chat <= 5; chat++) {
            assertThat(flood.acquire(chat, FloodLane.REPLY)).isEmpty();
        }

        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("no burst, ten a second: the fifth goes 400 ms after the first")
                .isGreaterThanOrEqualTo(Duration.ofMillis(390));
    }

    @Test
    void aReplyGoesAtOnceWhileBulkTrafficHasToWaitForItsEvenSpacing() throws Exception {
        FloodControl flood = flood(new FloodLimits(10, 10, PLENTY, 1_000, 20, Duration.ZERO));

        assertThat(flood.acquire(1, FloodLane.BULK))
                .as("the first bulk message")
                .isEmpty();
        assertThat(flood.acquire(2, FloodLane.BULK))
                .as("bulk traffic has no burst: the next one waits its turn")
                .hasValueSatisfying(wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMillis(110)));
        for (long chat = 3; chat <= 6; chat++) {
            assertThat(flood.acquire(chat, FloodLane.REPLY))
                    .as("reply %d uses the burst bulk traffic leaves", chat)
                    .isEmpty();
        }
    }

    @Test
    void repliesPassABroadcastThatKeepsTheBulkLaneFull() throws Exception {
        FloodLimits limits = new FloodLimits(10, 10, PLENTY, 1_000, 20, Duration.ofSeconds(30));
        FloodControl broadcast = flood(limits);
        FloodControl impatient = flood(new FloodLimits(10, 10, PLENTY, 1_000, 20, Duration.ZERO));
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            // Twenty senders in flight, four times the turns the bulk lane books ahead.
            List<Future<Optional<Duration>>> sends = new ArrayList<>();
            for (long chat = 100; chat < 120; chat++) {
                long to = chat;
                sends.add(senders.submit(() -> broadcast.acquire(to, FloodLane.BULK)));
            }
            Thread.sleep(300);

            for (long chat = 1; chat <= 4; chat++) {
                assertThat(impatient.acquire(chat, FloodLane.REPLY))
                        .as("reply %d during the broadcast", chat)
                        .isEmpty();
            }
            assertThat(impatient.acquire(99, FloodLane.BULK))
                    .as("a bulk message the broadcast is ahead of")
                    .isPresent();
            for (Future<Optional<Duration>> send : sends) {
                assertThat(send.get())
                        .as("every broadcast message got its turn")
                        .isEmpty();
            }
        }
    }

    @Test
    void bothLanesTogetherKeepTheBotsRateAndEveryKeyExpires() throws Exception {
        FloodControl flood = flood(new FloodLimits(20, 5, 5, 2, 20, Duration.ofSeconds(30)));
        ConcurrentLinkedQueue<Long> sentAt = new ConcurrentLinkedQueue<>();
        long started = System.nanoTime();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                // Replies to a few busy chats, bulk to many; some of each to a group.
                long chat = i % 3 == 0 ? GROUP : i % 2 == 0 ? 1 + i % 4 : 100 + i;
                FloodLane lane = i % 2 == 0 ? FloodLane.REPLY : FloodLane.BULK;
                sends.add(senders.submit(() -> {
                    assertThat(flood.acquire(chat, lane)).isEmpty();
                    sentAt.add(System.nanoTime() - started);
                    return null;
                }));
            }
            for (Future<?> send : sends) {
                send.get();
            }
        }

        // GCRA's promise: within any span of d seconds, at most d * rate + burst go.
        List<Long> times = sentAt.stream().sorted().toList();
        // A slightly shorter span than a second leaves room for threads that wake a little late.
        long second = Duration.ofMillis(900).toNanos();
        for (int first = 0; first < times.size(); first++) {
            int last = first;
            while (last + 1 < times.size() && times.get(last + 1) - times.get(first) < second) {
                last++;
            }
            assertThat(last - first + 1)
                    .as("messages within a second from the %dth", first + 1)
                    .isLessThanOrEqualTo(20 + 5);
        }
        assertThat(Duration.ofNanos(times.getLast()))
                .as("sixty messages at twenty a second after a burst of five")
                .isGreaterThanOrEqualTo(Duration.ofMillis(2_700));
        for (String key : connection.sync().keys("*")) {
            // -1 is a key without a TTL; -2 one that expired since it was listed.
            assertThat(connection.sync().pttl(key)).as("the TTL of %s", key).isNotEqualTo(-1L);
        }
    }

    private static double botBacklogMillis() {
        List<String> time = connection.sync().time();
        double now = Long.parseLong(time.get(0)) * 1000.0 + Long.parseLong(time.get(1)) / 1000.0;
        return Double.parseDouble(connection.sync().get("flood:tat:bot")) - now;
    }

    private static FloodControl flood(FloodLimits limits) {
        return new FloodControl(connection.async(), limits, new SimpleMeterRegistry());
    }
}
