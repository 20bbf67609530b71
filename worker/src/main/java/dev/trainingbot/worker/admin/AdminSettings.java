package dev.trainingbot.worker.admin;

import dev.trainingbot.common.config.ConfigReader;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The admin panel's configuration.
 *
 * @param passwordHash {@code ADMIN_PASS_HASH}: bcrypt, or legacy SHA-256 (with a warning); unset disables the panel
 * @param allowedUsers {@code ADMIN_IDS}: comma-separated Telegram user ids allowed to log in; empty allows anyone who
 *     knows the password
 * @param maxFailures {@code ADMIN_MAX_FAILURES} (5): failed logins that lock the login
 * @param failureWindow {@code ADMIN_FAILURE_WINDOW_SECONDS} (900): the window those failures are counted in
 * @param lock {@code ADMIN_LOCK_SECONDS} (900): how long the login stays locked
 * @param session {@code ADMIN_SESSION_TTL_SECONDS} (3600): how long a login lasts without {@code /logout}
 * @param passwordPrompt {@code ADMIN_PASSWORD_TIMEOUT_SECONDS} (120): how long {@code /admin} waits for the password;
 *     a message sent later is ordinary text, neither deleted nor counted as a failed login. Too short, and an admin
 *     who looks the password up must send {@code /admin} again
 * @param bcryptConcurrency {@code ADMIN_BCRYPT_CONCURRENCY} (2): password checks running at once, each on a platform
 *     thread of its own; each costs about a quarter second of one core at cost 12, so a flood of attempts cannot take
 *     more than this many cores from the worker. {@link #bcryptQueue()} more may wait; beyond that a login is refused
 *     with "too many login attempts right now"
 */
public record AdminSettings(
        Optional<PasswordHash> passwordHash,
        Set<Long> allowedUsers,
        int maxFailures,
        Duration failureWindow,
        Duration lock,
        Duration session,
        Duration passwordPrompt,
        int bcryptConcurrency) {

    public static AdminSettings read(ConfigReader config) {
        Optional<PasswordHash> hash = config.parsed("ADMIN_PASS_HASH", true, PasswordHash::parse);
        Set<Long> allowed = new HashSet<>();
        config.optional("ADMIN_IDS").ifPresent(ids -> {
            for (String id : ids.split(",")) {
                try {
                    allowed.add(Long.parseLong(id.strip()));
                } catch (NumberFormatException e) {
                    config.invalid("ADMIN_IDS", ids, "must be Telegram user ids separated by commas");
                    return;
                }
            }
        });
        return new AdminSettings(
                hash,
                Set.copyOf(allowed),
                config.integer("ADMIN_MAX_FAILURES", 5, 1, 100),
                config.seconds("ADMIN_FAILURE_WINDOW_SECONDS", 900, 1, 86_400),
                config.seconds("ADMIN_LOCK_SECONDS", 900, 1, 86_400),
                config.seconds("ADMIN_SESSION_TTL_SECONDS", 3_600, 60, 7 * 86_400),
                config.seconds("ADMIN_PASSWORD_TIMEOUT_SECONDS", 120, 10, 3_600),
                config.integer("ADMIN_BCRYPT_CONCURRENCY", 2, 1, 64));
    }

    /**
     * Password checks that may wait for a thread: four per thread, so a waiting login is answered within about a
     * second at cost 12 instead of waiting behind an unbounded queue.
     */
    public int bcryptQueue() {
        return 4 * bcryptConcurrency;
    }

    public boolean allows(long userId) {
        return allowedUsers.isEmpty() || allowedUsers.contains(userId);
    }

    @Override
    public String toString() {
        return "AdminSettings[hash="
                + passwordHash.map(h -> h.legacy() ? "legacy-sha256" : "bcrypt").orElse("none") + ", allowedUsers="
                + allowedUsers + "]";
    }
}
