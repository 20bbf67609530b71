package dev.trainingbot.worker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GenerateAdminHashTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void theGeneratedHashIsAcceptedByTheLogin() {
        int exit = run("a strong admin password\n");

        String printed = out.toString(StandardCharsets.UTF_8);
        String hash = printed.lines().findFirst().orElseThrow();
        assertThat(exit).isZero();
        assertThat(hash).startsWith("$2b$12$");
        assertThat(printed).contains("ADMIN_PASS_HASH=" + hash);
        assertThat(PasswordHash.parse(hash).matches("a strong admin password")).isTrue();
    }

    @Test
    void aShortPasswordIsRefused() {
        assertThat(run("short\n")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("at least 12 characters");
        assertThat(out.size()).isZero();
    }

    @Test
    void aPasswordBeyond72BytesIsRefused() {
        assertThat(run("x".repeat(73) + "\n")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("longer than 72 bytes");
    }

    @Test
    void emptyInputIsAnInputError() {
        assertThat(run("")).isEqualTo(2);
    }

    private int run(String stdin) {
        return GenerateAdminHash.run(
                null,
                new BufferedReader(new StringReader(stdin)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
