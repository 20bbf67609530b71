package dev.trainingbot.worker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.trainingbot.testkit.redis.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Admin logins against a real Redis: sessions, the failure count and the lock. */
class AdminAccessIT {

    private static final String PASSWORD = "the admin password";
    private static TestRedis redis;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static AdminSettings settings;
    private static AdminAccess access;
    private static final AtomicLong users = new AtomicLong(700);
    private static final AtomicLong updates = new AtomicLong(9_000);

    @BeforeAll
    static void connect() {
        redis = TestRedis.claim();
        client = RedisClient.create();
        connection = redis.connect(client, redis.throttleDb());
        settings = new AdminSettings(
                Optional.of(PasswordHash.parse(BCrypt.withDefaults().hashToString(10, PASSWORD.toCharArray()))),
                Set.of(),
                5,
                Duration.ofMinutes(15),
                Duration.ofMinutes(15),
                Duration.ofHours(1),
                Duration.ofMinutes(2),
                2);
        access = new AdminAccess(connection.async(), settings);
    }

    @AfterAll
    static void disconnect() {
        access.close();
        connection.close();
        client.shutdown();
        redis.close();
    }

    @Test
    void theRightPasswordOpensASessionThatExpiresAndLogoutEnds() throws Exception {
        long user = users.incrementAndGet();

        assertThat(access.login(user, updates.incrementAndGet(), PASSWORD))
                .isInstanceOf(AdminAccess.Login.Accepted.class);

        assertThat(access.isAdmin(user)).isTrue();
        assertThat(connection.sync().ttl("admin:session:" + user)).isBetween(3_590L, 3_600L);
        access.logout(user);
        assertThat(access.isAdmin(user)).isFalse();
    }

    @Test
    void fiveWrongPasswordsLockTheSixthAttemptEvenWithTheRightOne() throws Exception {
        long user = users.incrementAndGet();
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThat(access.login(user, updates.incrementAndGet(), "wrong " + attempt))
                    .isEqualTo(new AdminAccess.Login.Refused(5 - attempt));
        }
        assertThat(access.login(user, updates.incrementAndGet(), "wrong 5"))
                .isInstanceOf(AdminAccess.Login.Locked.class);

        AdminAccess.Login sixth = access.login(user, updates.incrementAndGet(), PASSWORD);

        assertThat(sixth).isInstanceOf(AdminAccess.Login.Locked.class);
        assertThat(((AdminAccess.Login.Locked) sixth).remaining())
                .isBetween(Duration.ofMinutes(14), Duration.ofMinutes(15));
        assertThat(access.isAdmin(user)).isFalse();
    }

    @Test
    void aSuccessForgetsEarlierFailures() throws Exception {
        long user = users.incrementAndGet();
        access.login(user, updates.incrementAndGet(), "wrong");
        access.login(user, updates.incrementAndGet(), "wrong");
        access.login(user, updates.incrementAndGet(), PASSWORD);

        assertThat(access.login(user, updates.incrementAndGet(), "wrong")).isEqualTo(new AdminAccess.Login.Refused(4));
    }

    @Test
    void aLoginIsRefusedUncheckedAndUncountedWhileEveryCheckThreadAndQueueSlotIsTaken() throws Exception {
        long user = users.incrementAndGet();
        CountDownLatch release = new CountDownLatch(1);
        try (PasswordCheckExecutor checks = new PasswordCheckExecutor(1, 0);
                ExecutorService chats = Executors.newVirtualThreadPerTaskExecutor()) {
            AdminAccess busy = new AdminAccess(connection.async(), settings, checks);
            Future<Optional<Boolean>> slow = chats.submit(() -> checks.check(() -> {
                try {
                    return release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return false;
                }
            }));
            await().atMost(Duration.ofSeconds(30)).until(() -> checks.running() == 1);

            assertThat(busy.login(user, updates.incrementAndGet(), PASSWORD)).isEqualTo(new AdminAccess.Login.Busy());

            assertThat(busy.isAdmin(user)).isFalse();
            assertThat(connection.sync().exists("admin:failures:" + user)).isZero();
            release.countDown();
            assertThat(slow.get()).hasValue(true);
            assertThat(busy.login(user, updates.incrementAndGet(), PASSWORD))
                    .isInstanceOf(AdminAccess.Login.Accepted.class);
        }
    }

    @Test
    void aTooLongPasswordCountsAsAFailure() throws Exception {
        long user = users.incrementAndGet();

        assertThat(access.login(user, updates.incrementAndGet(), "x".repeat(73)))
                .isEqualTo(new AdminAccess.Login.Refused(4));
    }

    @Test
    void aRetriedUpdateCountsItsWrongPasswordOnce() throws Exception {
        long user = users.incrementAndGet();
        long update = updates.incrementAndGet();

        assertThat(access.login(user, update, "a typo")).isEqualTo(new AdminAccess.Login.Refused(4));
        // Its reply failed during a Telegram brownout: the update is handled again, with the same password.
        assertThat(access.login(user, update, "a typo")).isEqualTo(new AdminAccess.Login.Refused(4));

        assertThat(access.login(user, updates.incrementAndGet(), "another typo"))
                .isEqualTo(new AdminAccess.Login.Refused(3));
    }

    @Test
    void theFailuresCountedByAnEarlierVersionStillCountInTheirWindow() throws Exception {
        long user = users.incrementAndGet();
        connection.sync().setex("admin:failures:" + user, 600, "3");

        assertThat(access.login(user, updates.incrementAndGet(), "wrong")).isEqualTo(new AdminAccess.Login.Refused(1));

        assertThat(connection.sync().ttl("admin:failures:" + user)).isBetween(590L, 600L);
        assertThat(access.login(user, updates.incrementAndGet(), "wrong")).isInstanceOf(AdminAccess.Login.Locked.class);
    }
}
