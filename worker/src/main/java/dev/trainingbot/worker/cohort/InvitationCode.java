package dev.trainingbot.worker.cohort;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The code of an invitation, which is the start parameter of its deep link. Telegram takes at most
 * {@value #MAX_LENGTH} characters of {@code A-Z a-z 0-9 _ -} there; a code is {@value #RANDOM_BYTES} random bytes
 * from {@link SecureRandom} in URL-safe Base64 without padding (16 characters, 96 bits), so that nobody finds a
 * cohort by guessing.
 */
public final class InvitationCode {

    /** Telegram's limit on a start parameter. */
    public static final int MAX_LENGTH = 64;

    static final int RANDOM_BYTES = 12;

    private static final Pattern ALPHABET = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");

    private final SecureRandom random;

    public InvitationCode(SecureRandom random) {
        this.random = random;
    }

    /** A new code, unguessable. */
    public String next() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code payload} could be a code at all: Telegram's alphabet and length. */
    public static boolean wellFormed(String payload) {
        return payload != null && ALPHABET.matcher(payload).matches();
    }
}
