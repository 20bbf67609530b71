package dev.trainingbot.worker.course.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CertificateCodesTest {

    @Test
    void aCodeIsSixteenCharactersOfCrockfordBase32AndCodesDoNotRepeat() {
        CertificateCodes codes = new CertificateCodes();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String code = codes.next();
            assertThat(code).matches("[0-9A-HJKMNP-TV-Z]{16}");
            assertThat(seen.add(code)).isTrue();
        }
    }

    @Test
    void aCodeTypedBackIsFoundWhateverTheCaseTheDashesOrLettersReadAsDigits() {
        assertThat(CertificateCodes.normalized("7kq2-m9xd-4tfa-w1zc")).hasValue("7KQ2M9XD4TFAW1ZC");
        assertThat(CertificateCodes.normalized(" 7KQ2 M9XD 4TFA WIZC ")).hasValue("7KQ2M9XD4TFAW1ZC");
        assertThat(CertificateCodes.normalized("0O00-0000-0000-000o")).hasValue("0000000000000000");
        assertThat(CertificateCodes.printed("7KQ2M9XD4TFAW1ZC")).isEqualTo("7KQ2-M9XD-4TFA-W1ZC");
    }

    @Test
    void somethingThatCannotBeACodeIsNoCode() {
        assertThat(CertificateCodes.normalized("")).isEmpty();
        assertThat(CertificateCodes.normalized("7KQ2-M9XD-4TFA")).isEmpty();
        assertThat(CertificateCodes.normalized("7KQ2-M9XD-4TFA-W1ZC-0")).isEmpty();
        assertThat(CertificateCodes.normalized("7KQ2-M9XD-4TFA-W1Z!")).isEmpty();
        assertThat(CertificateCodes.normalized("UUUU-UUUU-UUUU-UUUU")).isEmpty();
    }
}
