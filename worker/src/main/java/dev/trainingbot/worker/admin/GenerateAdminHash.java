package dev.trainingbot.worker.admin;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code java -jar worker.jar generate-admin-hash}: asks for the admin password twice without echo, and prints its
 * bcrypt hash ({@code $2b$12$…}) and the {@code .env} line. Without a terminal (a pipe, a CI job) it reads the
 * password from the first line of stdin, once. The password must have at least {@value #MIN_LENGTH} characters and
 * at most 72 UTF-8 bytes (bcrypt's limit; longer passwords are refused, never truncated).
 */
public final class GenerateAdminHash {

    static final int MIN_LENGTH = 12;
    static final int COST = 12;

    private GenerateAdminHash() {}

    public static void main(String[] args) {
        System.exit(run(
                System.console(),
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                System.out,
                System.err));
    }

    /** Returns the exit code: 0 with the hash printed, 1 when the password is refused, 2 on an input error. */
    static int run(Console console, BufferedReader stdin, PrintStream out, PrintStream err) {
        char[] password;
        try {
            if (console != null) {
                password = console.readPassword("Admin password (at least %d characters): ", MIN_LENGTH);
                char[] again = console.readPassword("Repeat the password: ");
                if (password == null || again == null) {
                    err.println("No password given.");
                    return 2;
                }
                if (!Arrays.equals(password, again)) {
                    err.println("The passwords differ. Nothing was generated.");
                    return 1;
                }
                Arrays.fill(again, '\0');
            } else {
                String line = stdin.readLine();
                if (line == null) {
                    err.println("No password on stdin.");
                    return 2;
                }
                password = line.toCharArray();
            }
        } catch (IOException e) {
            err.println("Cannot read the password: " + e.getMessage());
            return 2;
        }
        try {
            String problem = problem(password);
            if (problem != null) {
                err.println(problem);
                return 1;
            }
            String hash = BCrypt.with(BCrypt.Version.VERSION_2B).hashToString(COST, password);
            out.println(hash);
            out.println();
            out.println("Put this line in .env (or the Secret of the deployment), then restart the workers:");
            out.println("ADMIN_PASS_HASH=" + hash);
            return 0;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Why {@code password} is refused, or null. */
    static String problem(char[] password) {
        if (password.length < MIN_LENGTH) {
            return "The password is too short: use at least " + MIN_LENGTH + " characters.";
        }
        if (PasswordHash.tooLong(new String(password))) {
            return "The password is longer than 72 bytes, more than bcrypt can use; choose a shorter one.";
        }
        return null;
    }
}
