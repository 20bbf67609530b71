package dev.trainingbot.worker.course.completion;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Verification codes: 80 random bits as sixteen characters of Crockford's base32 (no I, L, O, U), so that a code
 * read off paper and typed back is found whatever the case, the dashes, or an O typed for a 0.
 */
final class CertificateCodes {

    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    static final int LENGTH = 16;

    private final RandomGenerator random;

    CertificateCodes() {
        this(new SecureRandom());
    }

    CertificateCodes(RandomGenerator random) {
        this.random = random;
    }

    String next() {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /** A code as a person typed it, in the stored form; empty when it cannot be one. */
    static Optional<String> normalized(String typed) {
        StringBuilder code = new StringBuilder(LENGTH);
        for (char c : typed.strip().toUpperCase(Locale.ROOT).toCharArray()) {
            char read = switch (c) {
                case 'O' -> '0';
                case 'I', 'L' -> '1';
                default -> c;
            };
            if (read == '-' || read == ' ') {
                continue;
            }
            if (ALPHABET.indexOf(read) < 0 || code.length() == LENGTH) {
                return Optional.empty();
            }
            code.append(read);
        }
        return code.length() == LENGTH ? Optional.of(code.toString()) : Optional.empty();
    }

    static String printed(String code) {
        return String.join("-", code.substring(0, 4), code.substring(4, 8), code.substring(8, 12), code.substring(12));
    }
}
