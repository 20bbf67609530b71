package dev.trainingbot.worker.admin;

import dev.trainingbot.common.redis.RedisScript;
import dev.trainingbot.worker.guard.UpdateGuard;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is an admin now, in {@code REDIS_THROTTLE_DB}: logins checked against {@code ADMIN_PASS_HASH} on a
 * {@link PasswordCheckExecutor} of its own (bounded concurrency and queue, off the chats' virtual threads), failures
 * counted per user and update ({@code admin:failures:{user_id}}, {@code admin:lock:{user_id}}), and
 * sessions ({@code admin:session:{user_id}}, with a TTL; the guard exempts their holders from the throttle). All
 * state is in Redis, so any worker serves a logged-in admin and a lock holds across the fleet.
 */
public final class AdminAccess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminAccess.class);

    /** The outcome of a login attempt. */
    public sealed interface Login {
        /** The password was right; a session is open. */
        record Accepted(boolean legacyHash) implements Login {}

        /** The password was wrong (or too long); {@code attemptsLeft} before the lock. */
        record Refused(int attemptsLeft) implements Login {}

        /** Too many failures: the login is locked for {@code remaining}. */
        record Locked(Duration remaining) implements Login {}

        /** Too many password checks at once on this worker: nothing was checked or counted; try again shortly. */
        record Busy() implements Login {}
    }

    private final RedisAsyncCommands<String, String> redis;
    private final AdminSettings settings;
    private final RedisScript failure;
    private final PasswordCheckExecutor checks;

    public AdminAccess(RedisAsyncCommands<String, String> redis, AdminSettings settings) {
        this(redis, settings, new PasswordCheckExecutor(settings.bcryptConcurrency(), settings.bcryptQueue()));
    }

    AdminAccess(RedisAsyncCommands<String, String> redis, AdminSettings settings, PasswordCheckExecutor checks) {
        this.redis = redis;
        this.settings = settings;
        this.failure = RedisScript.fromClasspath("admin/login_failure.lua", redis);
        this.checks = checks;
    }

    public boolean enabled() {
        return settings.passwordHash().isPresent();
    }

    public boolean allows(long userId) {
        return settings.allows(userId);
    }

    /** How long the user's login stays locked; zero when it is not. One round trip. */
    public Duration lockRemaining(long userId) throws Exception {
        Long ttl = redis.ttl(lockKey(userId)).get();
        return ttl == null || ttl <= 0 ? Duration.ZERO : Duration.ofSeconds(ttl);
    }

    /**
     * Checks a password: refused without hashing when locked or longer than 72 bytes; otherwise verified on one of
     * {@code ADMIN_BCRYPT_CONCURRENCY} threads — the calling thread waits — then the session opened or the failure
     * counted, once per {@code updateId}: the retry of an update whose reply failed does not count its password
     * again. {@link Login.Busy} when as many checks as the queue holds already wait for a thread.
     */
    public Login login(long userId, long updateId, String password) throws Exception {
        Duration locked = lockRemaining(userId);
        if (!locked.isZero()) {
            return new Login.Locked(locked);
        }
        PasswordHash hash = settings.passwordHash().orElseThrow();
        Optional<Boolean> checked =
                PasswordHash.tooLong(password) ? Optional.of(false) : checks.check(() -> hash.matches(password));
        if (checked.isEmpty()) {
            log.warn(
                    "admin login of user {} refused unchecked: {} password checks running and {} waiting",
                    userId,
                    checks.running(),
                    checks.waiting());
            return new Login.Busy();
        }
        boolean right = checked.get();
        if (right) {
            redis.del(failuresKey(userId)).get();
            redis.set(UpdateGuard.adminSessionKey(userId), "1", SetArgs.Builder.ex(settings.session()))
                    .get();
            if (hash.legacy()) {
                log.warn("admin login with a legacy SHA-256 ADMIN_PASS_HASH: generate a bcrypt hash with"
                        + " 'java -jar worker.jar generate-admin-hash' and replace it");
            }
            return new Login.Accepted(hash.legacy());
        }
        CompletableFuture<List<Long>> counted = failure.call(
                redis,
                ScriptOutputType.MULTI,
                new String[] {failuresKey(userId), lockKey(userId)},
                Integer.toString(settings.maxFailures()),
                Long.toString(settings.failureWindow().toSeconds()),
                Long.toString(settings.lock().toSeconds()),
                Long.toString(updateId));
        List<Long> result = counted.get();
        if (result.get(1) > 0) {
            return new Login.Locked(Duration.ofSeconds(result.get(1)));
        }
        return new Login.Refused((int) (settings.maxFailures() - result.get(0)));
    }

    public boolean isAdmin(long userId) throws Exception {
        return redis.exists(UpdateGuard.adminSessionKey(userId)).get() > 0;
    }

    public void logout(long userId) throws Exception {
        redis.del(UpdateGuard.adminSessionKey(userId)).get();
    }

    /** Stops the password checks' threads once the checks in hand are done. */
    @Override
    public void close() {
        checks.close();
    }

    static String failuresKey(long userId) {
        return "admin:failures:" + userId;
    }

    static String lockKey(long userId) {
        return "admin:lock:" + userId;
    }
}
