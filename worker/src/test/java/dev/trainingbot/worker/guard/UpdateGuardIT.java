package dev.trainingbot.worker.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.testkit.redis.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The guard script against a real Redis: dedupe, token bucket, violation windows, bans, TTLs. */
class UpdateGuardIT {

    // No refill during a test (one token per 1000 s); 2 s windows and bans, so that tests wait little and a burst is
    // still decided within one window on a busy machine.
    private static final ThrottleLimits LIMITS =
            new ThrottleLimits(5, 0.001, Duration.ofSeconds(2), 3, Duration.ofSeconds(2), Duration.ofHours(24));

    private static TestRedis redis;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static UpdateGuard guard;
    private static final AtomicLong ids = new AtomicLong(1_000);

    @BeforeAll
    static void connect() {
        redis = TestRedis.claim();
        client = RedisClient.create();
        connection = redis.connect(client, redis.throttleDb());
        guard = new UpdateGuard(connection.async(), LIMITS);
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        client.shutdown();
        redis.close();
    }

    @Test
    void tenMessagesAtOnceGetFiveThroughThenOneNoticeThenSilence() {
        long user = ids.incrementAndGet();

        List<GuardDecision> decisions = burst(user, 10);

        assertThat(decisions)
                .containsExactly(
                        GuardDecision.ALLOW,
                        GuardDecision.ALLOW,
                        GuardDecision.ALLOW,
                        GuardDecision.ALLOW,
                        GuardDecision.ALLOW,
                        GuardDecision.THROTTLED_TELL,
                        GuardDecision.THROTTLED_SILENT,
                        GuardDecision.THROTTLED_SILENT,
                        GuardDecision.THROTTLED_SILENT,
                        GuardDecision.THROTTLED_SILENT);
    }

    @Test
    void repeatedBurstsLeadToABanThatIsToldOnceThenSilentThenLifted() {
        long user = ids.incrementAndGet();
        assertThat(burst(user, 6)).endsWith(GuardDecision.THROTTLED_TELL);
        awaitWindowEnd();
        assertThat(burst(user, 2)).containsExactly(GuardDecision.THROTTLED_TELL, GuardDecision.THROTTLED_SILENT);
        awaitWindowEnd();

        assertThat(burst(user, 3))
                .containsExactly(GuardDecision.BANNED_TELL, GuardDecision.BANNED_SILENT, GuardDecision.BANNED_SILENT);

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> decide(user) == GuardDecision.ALLOW);
        // After a ban the user starts afresh with a full bucket.
        assertThat(burst(user, 4)).containsOnly(GuardDecision.ALLOW);
    }

    @Test
    void theThrottleKeyIsOneHashPerUserThatAlwaysExpires() {
        long user = ids.incrementAndGet();
        decide(user);

        RedisCommands<String, String> commands = connection.sync();
        String key = "throttle:" + user + ":tokens";
        assertThat(commands.type(key)).isEqualTo("hash");
        assertThat(commands.hgetall(key)).containsKeys("tokens", "ts", "violations", "banned_until");
        assertThat(commands.ttl(key)).isPositive();
    }

    @Test
    void anUpdateHandledBeforeIsADuplicate() {
        long user = ids.incrementAndGet();
        long update = ids.incrementAndGet();
        assertThat(guard.decide(update, user).join()).isEqualTo(GuardDecision.ALLOW);

        guard.markHandled(update).join();

        assertThat(guard.decide(update, user).join()).isEqualTo(GuardDecision.DUPLICATE);
        assertThat(connection.sync().ttl("dedupe:" + update)).isBetween(86_000L, 86_400L);
    }

    @Test
    void anAllowedUpdateThatWasNeverMarkedIsNotADuplicate() {
        // A worker that died mid-update leaves it unmarked, so the next owner handles it.
        long user = ids.incrementAndGet();
        long update = ids.incrementAndGet();
        guard.decide(update, user).join();

        assertThat(guard.decide(update, user).join()).isEqualTo(GuardDecision.ALLOW);
    }

    @Test
    void anAllowedUpdateDecidedAgainBeforeItIsMarkedTakesNoSecondToken() {
        // A retry after a failure, or the next owner after a crash, asks again about the same update.
        long user = ids.incrementAndGet();
        long update = ids.incrementAndGet();
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThat(guard.decide(update, user).join()).isEqualTo(GuardDecision.ALLOW);
        }

        assertThat(burst(user, 5))
                .containsExactly(
                        GuardDecision.ALLOW,
                        GuardDecision.ALLOW,
                        GuardDecision.ALLOW,
                        GuardDecision.ALLOW,
                        GuardDecision.THROTTLED_TELL);
    }

    @Test
    void aRefusalIsDecidedOnceAndToldAgainUntilItIsMarkedHandled() {
        long user = ids.incrementAndGet();
        burst(user, 5);
        long update = ids.incrementAndGet();
        assertThat(guard.decide(update, user).join()).isEqualTo(GuardDecision.THROTTLED_TELL);

        // Its notice may not have reached the user: the same update is told again, counted once.
        assertThat(guard.decide(update, user).join()).isEqualTo(GuardDecision.THROTTLED_TELL);
        assertThat(connection.sync().hget("throttle:" + user + ":tokens", "violations"))
                .isEqualTo("1");
        assertThat(decide(user)).isEqualTo(GuardDecision.THROTTLED_SILENT);

        guard.markHandled(update).join();
        assertThat(guard.decide(update, user).join()).isEqualTo(GuardDecision.DUPLICATE);
    }

    @Test
    void aBanNoticeNotMarkedHandledIsToldAgainWhileOthersStaySilent() {
        long user = ids.incrementAndGet();
        burst(user, 6);
        awaitWindowEnd();
        burst(user, 2);
        awaitWindowEnd();
        long update = ids.incrementAndGet();
        assertThat(guard.decide(update, user).join()).isEqualTo(GuardDecision.BANNED_TELL);

        assertThat(guard.decide(update, user).join()).isEqualTo(GuardDecision.BANNED_TELL);
        assertThat(decide(user)).isEqualTo(GuardDecision.BANNED_SILENT);
    }

    @Test
    void aLoggedInAdminIsExemptFromTheThrottle() {
        long user = ids.incrementAndGet();
        connection.sync().setex("admin:session:" + user, 60, "1");

        assertThat(burst(user, 20)).containsOnly(GuardDecision.EXEMPT);
    }

    @Test
    void updatesWithoutAUserAreOnlyDeduplicated() {
        long update = ids.incrementAndGet();
        assertThat(guard.decide(update, null).join()).isEqualTo(GuardDecision.EXEMPT);
        guard.markHandled(update).join();

        assertThat(guard.decide(update, null).join()).isEqualTo(GuardDecision.DUPLICATE);
    }

    @Test
    void theScriptIsLoadedAgainAfterRedisForgotIt() {
        long user = ids.incrementAndGet();
        connection.sync().scriptFlush();

        assertThat(decide(user)).isEqualTo(GuardDecision.ALLOW);
    }

    private static List<GuardDecision> burst(long user, int count) {
        List<GuardDecision> decisions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            decisions.add(decide(user));
        }
        return decisions;
    }

    private static GuardDecision decide(long user) {
        return guard.decide(ids.incrementAndGet(), user).join();
    }

    private static void awaitWindowEnd() {
        long until = System.nanoTime() + LIMITS.window().toNanos() + 100_000_000;
        await().atMost(LIMITS.window().plusSeconds(3)).until(() -> System.nanoTime() > until);
    }
}
