package dev.trainingbot.common.config;

import dev.trainingbot.common.logging.LogMasking;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A value that must never be printed: a bot token, a webhook secret, a password. {@link #toString()} is masked, and
 * creating a secret registers its value with {@link LogMasking} so that it is masked in every log line too, even
 * when a library puts it there (a bot token is part of every Bot API URL).
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        Secret secret = new Secret(value);
        LogMasking.register(value);
        return secret;
    }

    /** The clear value, for the one place that needs it (an HTTP header, a URL, a JDBC property). */
    public String reveal() {
        return value;
    }

    /** Compares in time independent of where the values differ, for checking a presented secret. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && matches(secret.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "****";
    }
}
