package dev.trainingbot.worker.course.completion;

import java.time.Instant;
import java.util.Optional;

/**
 * A certificate of completion as issued: its code, who holds it, the course title and the date as printed.
 *
 * @param code sixteen characters of Crockford's base32 (80 random bits), printed in groups of four
 * @param documentSentAt when the PDF reached the learner, empty until then
 */
public record Certificate(
        String code,
        long userId,
        String holderName,
        String courseTitle,
        Instant issuedAt,
        Optional<Instant> documentSentAt) {

    /** The code as printed and shown: {@code 7KQ2-M9XD-4TFA-W1ZC}. */
    public String printedCode() {
        return CertificateCodes.printed(code);
    }
}
