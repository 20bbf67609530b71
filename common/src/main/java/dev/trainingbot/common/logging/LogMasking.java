package dev.trainingbot.common.logging;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it is logged: every value registered by {@code Secret.of}, anything shaped like a
 * bot token, and the password of any {@code scheme://user:password@host} URL.
 *
 * <p>This is process-wide state on purpose: logging is configured once per process, outside the services' object
 * graph, and a library may log a Bot API URL (which carries the token) without asking.
 */
public final class LogMasking {

    private static final String MASK = "****";
    // A token may follow letters ("/bot123:AA…" in every Bot API URL), so no word boundary, only no digit before.
    private static final Pattern BOT_TOKEN = Pattern.compile("(?<![0-9])\\d{5,}:[A-Za-z0-9_-]{30,}");
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@\\s]*:)[^@/\\s]+@");
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    private LogMasking() {}

    /** Masks {@code value} in every later log line. Values shorter than 6 characters are too common to mask. */
    public static void register(String value) {
        if (value != null && value.length() >= 6) {
            SECRETS.add(value);
        }
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String secret : SECRETS) {
            if (masked.contains(secret)) {
                masked = masked.replace(secret, MASK);
            }
        }
        if (masked.indexOf(':') >= 0) {
            masked = BOT_TOKEN.matcher(masked).replaceAll(MASK);
            masked = URL_PASSWORD.matcher(masked).replaceAll("$1" + MASK + "@");
        }
        return masked;
    }
}
