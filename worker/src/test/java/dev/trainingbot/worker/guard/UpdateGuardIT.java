package dev.trainingbot.worker.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.common.config.ConfigReader;
import dev.trainingbot.common.config.Env;
import dev.trainingbot.testkit.redis.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The guard script against a real Redis, with the production defaults: dedupe, the token bucket on the arrival clock,
 * violation windows, the ban ladder, TTLs. Time is the arrival each test passes in, so nothing waits.
 */
class UpdateGuardIT {

    private static final ThrottleLimits LIMITS = ThrottleLimits.read(new ConfigReader(Env.of(Map.of())));

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
    void theDefaultsAreTheSeedsFiveAtOnceAndALadderFromAMinuteToADay() {
        assertThat(LIMITS.burst()).isEqualTo(5);
        assertThat(LIMITS.rate()).isEqualTo(1.0);
        assertThat(LIMITS.maxViolations()).isEqualTo(3);
        assertThat(LIMITS.bans())
                .containsExactly(
                        Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(24));
    }

    @Test
    void tenMessagesArrivingAtOnceGetFiveThroughThenOneNoticeThenSilence() {
        long user = ids.incrementAndGet();

        List<GuardDecision> decisions = burst(user, 10, start());

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
    void messagesThatArrivedOneASecondApartAreAllowedHoweverLateTheyAreDecided() {
        // A backlog: the worker was down for ten minutes while the user wrote at a calm pace.
        long user = ids.incrementAndGet();
        long wroteAt = start() - Duration.ofMinutes(10).toMillis();

        List<GuardDecision> decisions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            decisions.add(decide(user, wroteAt + i * 1_000L));
        }

        assertThat(decisions).containsOnly(GuardDecision.ALLOW);
    }

    @Test
    void aBacklogFloodIsStillAFlood() {
        long user = ids.incrementAndGet();
        long wroteAt = start() - Duration.ofMinutes(10).toMillis();

        List<GuardDecision> decisions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            decisions.add(decide(user, wroteAt + i * 5L));
        }

        assertThat(decisions.subList(0, 6)).endsWith(GuardDecision.THROTTLED_TELL);
        assertThat(decisions.stream().filter(GuardDecision.ALLOW::equals)).hasSize(5);
    }

    @Test
    void aRecordThatArrivedEarlierThanOneDecidedBeforeTakesNoRefill() {
        long user = ids.incrementAndGet();
        long t = start();
        burst(user, 5, t);

        // Arrived ten seconds before the last one decided (another ingress's record, read late): no time went by.
        assertThat(decide(user, t - 10_000)).isEqualTo(GuardDecision.THROTTLED_TELL);
        assertThat(decide(user, t + 1_000)).isEqualTo(GuardDecision.ALLOW);
    }

    @Test
    void threeViolationsBanForAMinuteToldOnceThenTheUserIsServedAgain() {
        long user = ids.incrementAndGet();
        long t = start();
        assertThat(violate(user, t)).endsWith(GuardDecision.THROTTLED_TELL);
        assertThat(violate(user, t + 11_000)).contains(GuardDecision.THROTTLED_TELL);

        long banned = t + 22_000;
        burst(user, 5, banned);
        List<GuardVerdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            verdicts.add(verdict(user, banned + i));
        }

        assertThat(verdicts)
                .extracting(GuardVerdict::decision)
                .containsExactly(GuardDecision.BANNED_TELL, GuardDecision.BANNED_SILENT, GuardDecision.BANNED_SILENT);
        assertThat(verdicts.getFirst().ban()).contains(Duration.ofMinutes(1));
        assertThat(decide(user, banned + 59_000)).isEqualTo(GuardDecision.BANNED_SILENT);
        // After the ban the user starts afresh with a full bucket.
        assertThat(burst(user, 5, banned + 60_001)).containsOnly(GuardDecision.ALLOW);
    }

    @Test
    void aSecondBanWithinADayOfTheFirstLastsTenMinutesAndAThirdAnHour() {
        long user = ids.incrementAndGet();
        long first = ban(user, start());
        assertThat(banOf(user, first)).isEqualTo(Duration.ofMinutes(1));
        long second = ban(user, first + Duration.ofHours(2).toMillis());
        assertThat(banOf(user, second)).isEqualTo(Duration.ofMinutes(10));
        long third = ban(user, second + Duration.ofHours(2).toMillis());
        assertThat(banOf(user, third)).isEqualTo(Duration.ofHours(1));
        assertThat(connection.sync().hget(UpdateGuard.throttleKey(user), "bans"))
                .isEqualTo("3");
    }

    @Test
    void aBanMoreThanADayAfterTheLastOneEndedStartsTheLadderAgain() {
        long user = ids.incrementAndGet();
        long first = ban(user, start());
        long later = first + Duration.ofMinutes(1).plusHours(24).plusSeconds(1).toMillis();

        long again = ban(user, later);

        assertThat(banOf(user, again)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void violationsAreForgottenAfterAMinuteWithinTheLimits() {
        long user = ids.incrementAndGet();
        long t = start();
        violate(user, t);
        violate(user, t + 11_000);

        // Two violations, then more than a first ban's length within the limits: the next violation is the first.
        long calm = t + 11_000 + 10_000 + 61_000;
        assertThat(violate(user, calm)).endsWith(GuardDecision.THROTTLED_TELL);
        assertThat(connection.sync().hget(UpdateGuard.throttleKey(user), "violations"))
                .isEqualTo("1");
    }

    @Test
    void aBanIsListedByItsEndForTheAdminPanel() {
        long user = ids.incrementAndGet();
        long banned = ban(user, start());

        Double end = connection.sync().zscore(UpdateGuard.bansKey(), Long.toString(user));

        assertThat(end).isEqualTo((double) (banned + 60_000));
        assertThat(connection.sync().ttl(UpdateGuard.bansKey())).isPositive();
    }

    @Test
    void theThrottleKeyIsOneHashPerUserThatAlwaysExpires() {
        long user = ids.incrementAndGet();
        decide(user, start());

        RedisCommands<String, String> commands = connection.sync();
        String key = "throttle:" + user + ":tokens";
        assertThat(commands.type(key)).isEqualTo("hash");
        assertThat(commands.hgetall(key)).containsKeys("tokens", "ts", "violations", "banned_until");
        assertThat(commands.ttl(key)).isPositive();
    }

    @Test
    void aBannedUsersKeyOutlivesTheBanByTheLaddersMemory() {
        long user = ids.incrementAndGet();
        ban(user, System.currentTimeMillis());

        assertThat(connection.sync().ttl(UpdateGuard.throttleKey(user)))
                .isGreaterThan(Duration.ofHours(24).toSeconds());
    }

    @Test
    void withoutAnArrivalRedisTimeIsTheClock() {
        long user = ids.incrementAndGet();
        List<GuardDecision> decisions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            decisions.add(guard.decide(ids.incrementAndGet(), user, OptionalLong.empty())
                    .join()
                    .decision());
        }

        assertThat(decisions).endsWith(GuardDecision.THROTTLED_TELL);
    }

    @Test
    void anUpdateHandledBeforeIsADuplicate() {
        long user = ids.incrementAndGet();
        long update = ids.incrementAndGet();
        assertThat(decide(update, user, start())).isEqualTo(GuardDecision.ALLOW);

        guard.markHandled(update).join();

        assertThat(decide(update, user, start())).isEqualTo(GuardDecision.DUPLICATE);
        assertThat(connection.sync().ttl("dedupe:" + update)).isBetween(86_000L, 86_400L);
    }

    @Test
    void anAllowedUpdateThatWasNeverMarkedIsNotADuplicate() {
        // A worker that died mid-update leaves it unmarked, so the next owner handles it.
        long user = ids.incrementAndGet();
        long update = ids.incrementAndGet();
        decide(update, user, start());

        assertThat(decide(update, user, start())).isEqualTo(GuardDecision.ALLOW);
    }

    @Test
    void anAllowedUpdateDecidedAgainBeforeItIsMarkedTakesNoSecondToken() {
        // A retry after a failure, or the next owner after a crash, asks again about the same update.
        long user = ids.incrementAndGet();
        long update = ids.incrementAndGet();
        long t = start();
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThat(decide(update, user, t)).isEqualTo(GuardDecision.ALLOW);
        }

        assertThat(burst(user, 5, t))
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
        long t = start();
        burst(user, 5, t);
        long update = ids.incrementAndGet();
        assertThat(decide(update, user, t)).isEqualTo(GuardDecision.THROTTLED_TELL);

        // Its notice may not have reached the user: the same update is told again, counted once.
        assertThat(decide(update, user, t)).isEqualTo(GuardDecision.THROTTLED_TELL);
        assertThat(connection.sync().hget("throttle:" + user + ":tokens", "violations"))
                .isEqualTo("1");
        assertThat(decide(user, t)).isEqualTo(GuardDecision.THROTTLED_SILENT);

        guard.markHandled(update).join();
        assertThat(decide(update, user, t)).isEqualTo(GuardDecision.DUPLICATE);
    }

    @Test
    void aBanNoticeNotMarkedHandledIsToldAgainWithItsLengthWhileOthersStaySilent() {
        long user = ids.incrementAndGet();
        long t = start();
        violate(user, t);
        violate(user, t + 11_000);
        burst(user, 5, t + 22_000);
        long update = ids.incrementAndGet();
        GuardVerdict first =
                guard.decide(update, user, OptionalLong.of(t + 22_000)).join();
        assertThat(first.decision()).isEqualTo(GuardDecision.BANNED_TELL);

        assertThat(guard.decide(update, user, OptionalLong.of(t + 22_000)).join())
                .isEqualTo(first);
        assertThat(decide(user, t + 22_000)).isEqualTo(GuardDecision.BANNED_SILENT);
    }

    @Test
    void aLoggedInAdminIsExemptFromTheThrottle() {
        long user = ids.incrementAndGet();
        connection.sync().setex("admin:session:" + user, 60, "1");

        assertThat(burst(user, 20, start())).containsOnly(GuardDecision.EXEMPT);
    }

    @Test
    void updatesWithoutAUserAreOnlyDeduplicated() {
        long update = ids.incrementAndGet();
        assertThat(guard.decide(update, null, OptionalLong.empty()).join().decision())
                .isEqualTo(GuardDecision.EXEMPT);
        guard.markHandled(update).join();

        assertThat(guard.decide(update, null, OptionalLong.empty()).join().decision())
                .isEqualTo(GuardDecision.DUPLICATE);
    }

    @Test
    void theScriptIsLoadedAgainAfterRedisForgotIt() {
        long user = ids.incrementAndGet();
        connection.sync().scriptFlush();

        assertThat(decide(user, start())).isEqualTo(GuardDecision.ALLOW);
    }

    private static long start() {
        return System.currentTimeMillis();
    }

    /** Five through, then a violation: the bucket is empty at {@code at}. */
    private static List<GuardDecision> violate(long user, long at) {
        return burst(user, 6, at);
    }

    /** Bans the user with three violations ending at {@code at}; returns when the ban started. */
    private static long ban(long user, long at) {
        violate(user, at - 22_000);
        violate(user, at - 11_000);
        List<GuardDecision> last = violate(user, at);
        assertThat(last).endsWith(GuardDecision.BANNED_TELL);
        return at;
    }

    private static Duration banOf(long user, long at) {
        Optional<Duration> ban = verdict(user, at).ban();
        assertThat(ban).isPresent();
        return ban.orElseThrow();
    }

    private static List<GuardDecision> burst(long user, int count, long at) {
        List<GuardDecision> decisions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            decisions.add(decide(user, at));
        }
        return decisions;
    }

    private static GuardDecision decide(long user, long at) {
        return verdict(user, at).decision();
    }

    private static GuardVerdict verdict(long user, long at) {
        return guard.decide(ids.incrementAndGet(), user, OptionalLong.of(at)).join();
    }

    private static GuardDecision decide(long update, long user, long at) {
        return guard.decide(update, user, OptionalLong.of(at)).join().decision();
    }
}
