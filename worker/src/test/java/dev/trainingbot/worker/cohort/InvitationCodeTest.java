package dev.trainingbot.worker.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Invitation codes: what they are made of, and which start parameters could be one. */
class InvitationCodeTest {

    private final InvitationCode codes = new InvitationCode(new SecureRandom());

    @Test
    void aCodeIsSixteenCharactersOfTelegramsAlphabetAndNeverRepeats() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String code = codes.next();
            assertThat(code).hasSize(16).matches("[A-Za-z0-9_-]+");
            assertThat(InvitationCode.wellFormed(code)).isTrue();
            seen.add(code);
        }
        assertThat(seen).hasSize(10_000);
    }

    @Property
    void aPayloadIsWellFormedExactlyWhenTelegramWouldCarryIt(@ForAll @StringLength(max = 80) String payload) {
        boolean telegrams = !payload.isEmpty()
                && payload.length() <= 64
                && payload.chars()
                        .allMatch(c -> (c >= 'A' && c <= 'Z')
                                || (c >= 'a' && c <= 'z')
                                || (c >= '0' && c <= '9')
                                || c == '_'
                                || c == '-');
        assertThat(InvitationCode.wellFormed(payload)).isEqualTo(telegrams);
    }

    @Property
    void aStartCommandsPayloadIsWhatFollowsTheCommand(
            @ForAll("codes") String code, @ForAll boolean botName, @ForAll boolean trailingBlank) {
        String text = "/start" + (botName ? "@trainingbot_test_bot" : "") + " " + code + (trailingBlank ? "  " : "");

        assertThat(DeepLinkEnrolment.payload(text)).contains(code);
        assertThat(DeepLinkEnrolment.payload(botName ? "/start@trainingbot_test_bot" : "/start "))
                .isEqualTo(Optional.empty());
    }

    @Provide
    Arbitrary<String> codes() {
        return Arbitraries.strings().withChars("ABCxyz019_-").ofMinLength(1).ofMaxLength(64);
    }
}
