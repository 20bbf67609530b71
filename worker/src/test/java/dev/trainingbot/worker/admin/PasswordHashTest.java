package dev.trainingbot.worker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    private static final String PASSWORD = "correct horse battery";

    @Test
    void bcryptHashesOfEveryAcceptedVersionVerify() {
        for (BCrypt.Version version :
                new BCrypt.Version[] {BCrypt.Version.VERSION_2A, BCrypt.Version.VERSION_2B, BCrypt.Version.VERSION_2Y
                }) {
            PasswordHash hash = PasswordHash.parse(BCrypt.with(version).hashToString(10, PASSWORD.toCharArray()));

            assertThat(hash.matches(PASSWORD)).isTrue();
            assertThat(hash.matches(PASSWORD + "!")).isFalse();
            assertThat(hash.legacy()).isFalse();
        }
    }

    @Test
    void aBcryptCostBelowTenIsRefusedAtStartUp() {
        String weak = BCrypt.with(BCrypt.Version.VERSION_2B).hashToString(4, PASSWORD.toCharArray());

        assertThatThrownBy(() -> PasswordHash.parse(weak))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cost 4 is too low")
                .hasMessageNotContaining(weak);
    }

    @Test
    void aLegacySha256HashStillWorksAndIsMarkedLegacy() throws Exception {
        String hex = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(PASSWORD.getBytes(StandardCharsets.UTF_8)));

        PasswordHash hash = PasswordHash.parse(hex.toUpperCase());

        assertThat(hash.matches(PASSWORD)).isTrue();
        assertThat(hash.matches("wrong")).isFalse();
        assertThat(hash.legacy()).isTrue();
    }

    @Test
    void aPasswordOfMoreThan72BytesIsRefusedNeverTruncated() {
        String seventyTwo = "a".repeat(72);
        PasswordHash hash = PasswordHash.parse(BCrypt.withDefaults().hashToString(10, seventyTwo.toCharArray()));

        assertThat(hash.matches(seventyTwo)).isTrue();
        // Truncating bcrypt implementations would accept this one.
        assertThat(hash.matches(seventyTwo + "b")).isFalse();
        assertThat(PasswordHash.tooLong("я".repeat(37))).isTrue();
    }

    @Test
    void anythingElseIsRefusedWithAHint() {
        assertThatThrownBy(() -> PasswordHash.parse("plaintext-password"))
                .hasMessageContaining("generate-admin-hash")
                .hasMessageNotContaining("plaintext-password");
    }
}
