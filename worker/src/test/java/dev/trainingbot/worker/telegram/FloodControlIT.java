package dev.trainingbot.worker.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.testkit.redis.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared flood limits ({@code telegram/flood.lua}) against a real Redis: the bot's token bucket, a private chat's,
 * and a group's sliding minute. With no wait allowed, {@link FloodControl#acquire} answers at once: empty when the
 * message may go (its tokens taken), else the wait the script asked for (nothing taken).
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
    void emptyBuckets() {
        // The buckets are the fleet's own keys (flood:bot is one for the whole bot): each test starts with none.
        connection.sync().flushdb();
    }

    @Test
    void theBotsBucketLetsItsBurstGoThenAsksToWaitForItsRate() throws Exception {
        FloodControl flood = flood(new FloodLimits(1, 3, PLENTY, 1_000, 1_000, Duration.ZERO));

        for (long chat = 1; chat <= 3; chat++) {
            assertThat(flood.acquire(chat)).as("message %d of the burst", chat).isEmpty();
        }
        long asked = System.nanoTime();
        Optional<Duration> fourth = flood.acquire(4);
        Duration roundTrip = Duration.ofNanos(System.nanoTime() - asked);

        // One token a second, whichever chat the message is for; the answer counts the round trip.
        assertThat(fourth)
                .hasValueSatisfying(wait -> assertThat(wait)
                        .isPositive()
                        .isLessThanOrEqualTo(Duration.ofSeconds(1).plus(roundTrip)));
        assertThat(flood.acquire(GROUP)).as("groups share the bot's bucket").isPresent();
    }

    @Test
    void aPrivateChatGetsItsBurstThenOneMessageASecondWhileOtherChatsGoOn() throws Exception {
        FloodControl flood = flood(new FloodLimits(PLENTY, 1_000, 1, 3, 20, Duration.ZERO));

        for (int i = 0; i < 3; i++) {
            assertThat(flood.acquire(CHAT)).isEmpty();
        }
        long asked = System.nanoTime();
        Optional<Duration> fourth = flood.acquire(CHAT);
        Duration roundTrip = Duration.ofNanos(System.nanoTime() - asked);

        assertThat(fourth)
                .hasValueSatisfying(wait -> assertThat(wait)
                        .isPositive()
                        .isLessThanOrEqualTo(Duration.ofSeconds(1).plus(roundTrip)));
        assertThat(flood.acquire(CHAT + 1)).as("another chat").isEmpty();
        assertThat(connection.sync().pttl("flood:chat:" + CHAT)).isPositive();
    }

    @Test
    void aGroupGetsTwentyMessagesInAnyMinuteThenWaitsForTheOldestToLeaveTheWindow() throws Exception {
        // A private chat's 1 a second would allow only one of these at once: groups have their own limit instead.
        FloodControl flood = flood(new FloodLimits(PLENTY, 1_000, 1, 1, 20, Duration.ZERO));

        for (int i = 0; i < 20; i++) {
            assertThat(flood.acquire(GROUP)).as("group message %d", i + 1).isEmpty();
        }
        long asked = System.nanoTime();
        Optional<Duration> twentyFirst = flood.acquire(GROUP);
        Duration roundTrip = Duration.ofNanos(System.nanoTime() - asked);

        assertThat(twentyFirst)
                .hasValueSatisfying(wait -> assertThat(wait)
                        .isBetween(
                                Duration.ofSeconds(55),
                                Duration.ofMillis(60_001).plus(roundTrip)));
        assertThat(flood.acquire(GROUP - 1)).as("another group").isEmpty();
        assertThat(connection.sync().zcard("flood:group:" + GROUP)).isEqualTo(20);
        assertThat(connection.sync().pttl("flood:group:" + GROUP)).isBetween(1L, 61_000L);
    }

    @Test
    void aMessageThatMustWaitTakesNothing() throws Exception {
        // The bot's bucket barely refills (one token in 1000 s): what it lost is what was taken.
        FloodControl flood = flood(new FloodLimits(0.001, 100, 1, 1, 2, Duration.ZERO));
        flood.acquire(GROUP);
        flood.acquire(GROUP);

        for (int i = 0; i < 5; i++) {
            assertThat(flood.acquire(GROUP)).isPresent();
        }

        assertThat(connection.sync().zcard("flood:group:" + GROUP)).isEqualTo(2);
        assertThat(Double.parseDouble(connection.sync().hget("flood:bot", "tokens")))
                .as("the bot's bucket lost only the two that went")
                .isCloseTo(98, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void aWaitWithinTheMaximumIsWaitedOutAndTheMessageGoes() throws Exception {
        FloodControl flood = flood(new FloodLimits(PLENTY, 1_000, 5, 1, 20, Duration.ofSeconds(5)));
        long started = System.nanoTime();
        assertThat(flood.acquire(CHAT)).isEmpty();

        Optional<Duration> second = flood.acquire(CHAT);

        assertThat(second).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("waited for the chat's next token, 200 ms at 5 a second after the first")
                .isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    private static FloodControl flood(FloodLimits limits) {
        return new FloodControl(connection.async(), limits, new SimpleMeterRegistry());
    }
}
