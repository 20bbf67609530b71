package dev.trainingbot.worker.admin;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin password's hash from {@code ADMIN_PASS_HASH}: bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}, cost at
 * least {@value #MIN_COST}), or, for operators migrating from the Python bot, a legacy unsalted SHA-256 of 64 hex
 * digits — accepted, compared in constant time, and reported as a warning until replaced.
 */
public sealed interface PasswordHash {

    int MIN_COST = 10;

    /** bcrypt cannot use more than 72 bytes of a password; longer ones are refused, never truncated. */
    int MAX_PASSWORD_BYTES = 72;

    /** Whether {@code password} is the one hashed; false for passwords longer than 72 UTF-8 bytes. */
    boolean matches(String password);

    /** Whether this is the legacy SHA-256 form that should be replaced. */
    boolean legacy();

    /**
     * @throws IllegalArgumentException naming what is wrong with the value (never repeating it)
     */
    static PasswordHash parse(String value) {
        Matcher bcrypt = Bcrypt.FORMAT.matcher(value);
        if (bcrypt.matches()) {
            int cost = Integer.parseInt(bcrypt.group(1));
            if (cost < MIN_COST) {
                throw new IllegalArgumentException("bcrypt cost " + cost + " is too low, use at least " + MIN_COST
                        + " (generate one with: java -jar worker.jar generate-admin-hash)");
            }
            return new Bcrypt(value);
        }
        if (value.matches("[0-9a-fA-F]{64}")) {
            return new LegacySha256(HexFormat.of().parseHex(value));
        }
        throw new IllegalArgumentException(
                "must be a bcrypt hash ($2a$, $2b$ or $2y$) or a legacy 64-hex SHA-256; generate one with:"
                        + " java -jar worker.jar generate-admin-hash");
    }

    static boolean tooLong(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES;
    }

    /** A bcrypt hash. */
    record Bcrypt(String hash) implements PasswordHash {

        static final Pattern FORMAT = Pattern.compile("\\$2[aby]\\$(\\d{2})\\$[./A-Za-z0-9]{53}");

        @Override
        public boolean matches(String password) {
            if (tooLong(password)) {
                return false;
            }
            return BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
        }

        @Override
        public boolean legacy() {
            return false;
        }

        @Override
        public String toString() {
            return "Bcrypt[****]";
        }
    }

    /** The Python bot's unsalted SHA-256; kept working so a migration does not lock the admin out. */
    record LegacySha256(byte[] digest) implements PasswordHash {

        @Override
        public boolean matches(String password) {
            if (tooLong(password)) {
                return false;
            }
            try {
                byte[] presented =
                        MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
                return MessageDigest.isEqual(digest, presented);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        }

        @Override
        public boolean legacy() {
            return true;
        }

        @Override
        public String toString() {
            return "LegacySha256[****]";
        }
    }
}
