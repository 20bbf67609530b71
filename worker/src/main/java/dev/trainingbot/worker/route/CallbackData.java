package dev.trainingbot.worker.route;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The {@code callback_data} of the bot's inline buttons: {@code <version>:<action>[:<arg>…]}, at most 64 bytes as
 * Telegram requires, e.g. {@code 1:lesson:onboarding:3}. The version lets a new release refuse buttons of messages sent
 * by an older one instead of misreading them. Anything that does not parse is treated as forged.
 */
public record CallbackData(String action, List<String> args) {

    public static final String VERSION = "1";
    public static final int MAX_BYTES = 64;

    public CallbackData {
        args = List.copyOf(args);
    }

    public static CallbackData of(String action, String... args) {
        return new CallbackData(action, List.of(args));
    }

    /** The wire form; throws when it would exceed Telegram's 64 bytes or contains the separator. */
    public String encode() {
        StringBuilder data = new StringBuilder(VERSION).append(':').append(action);
        for (String arg : args) {
            if (arg.indexOf(':') >= 0) {
                throw new IllegalArgumentException("callback argument contains ':': " + arg);
            }
            data.append(':').append(arg);
        }
        String encoded = data.toString();
        if (encoded.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("callback data longer than 64 bytes: " + encoded);
        }
        return encoded;
    }

    /** The parsed data, or empty when it is not of this version's form. */
    public static Optional<CallbackData> parse(String data) {
        if (data == null || data.isEmpty() || data.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.empty();
        }
        String[] parts = data.split(":", -1);
        if (parts.length < 2 || !parts[0].equals(VERSION) || parts[1].isEmpty()) {
            return Optional.empty();
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(new CallbackData(parts[1], List.of(parts).subList(2, parts.length)));
    }

    public String arg(int index) {
        return args.get(index);
    }
}
