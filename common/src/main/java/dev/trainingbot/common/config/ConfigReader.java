package dev.trainingbot.common.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads typed values from an {@link Env} and collects every problem instead of stopping at the first, so that one
 * start-up error names every missing or invalid variable. Each getter returns a usable placeholder when the value is
 * wrong; {@link #validate()} then throws before anything can use it.
 *
 * <p>Problems read {@code Missing required variable BOT_TOKEN: <hint>} or {@code Invalid value 0 for
 * WORKER_MAX_IN_FLIGHT: must be >= 1}; the value of a secret is never repeated.
 */
public final class ConfigReader {

    private final Env env;
    private final List<String> problems = new ArrayList<>();

    public ConfigReader(Env env) {
        this.env = env;
    }

    public Env env() {
        return env;
    }

    /** A required plain value. */
    public String required(String name, String hint) {
        Optional<String> value = env.get(name);
        if (value.isEmpty()) {
            missing(name, hint);
            return "";
        }
        return value.get();
    }

    /** A required secret; its value never appears in a problem or a log line. */
    public Secret requiredSecret(String name, String hint) {
        Optional<String> value = env.get(name);
        if (value.isEmpty()) {
            missing(name, hint);
            return Secret.of("");
        }
        return Secret.of(value.get());
    }

    public Optional<Secret> optionalSecret(String name) {
        return env.get(name).map(Secret::of);
    }

    public Optional<String> optional(String name) {
        return env.get(name);
    }

    public String string(String name, String defaultValue) {
        return env.get(name).orElse(defaultValue);
    }

    /** One of {@code allowed}, compared case-insensitively, returned lower-case. */
    public String oneOf(String name, String defaultValue, Set<String> allowed) {
        String value = env.get(name).orElse(defaultValue).toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            invalid(
                    name,
                    value,
                    "must be one of "
                            + String.join(", ", allowed.stream().sorted().toList()));
            return defaultValue;
        }
        return value;
    }

    public int integer(String name, int defaultValue, int min, int max) {
        return (int) number(name, defaultValue, min, max);
    }

    public long number(String name, long defaultValue, long min, long max) {
        Optional<String> raw = env.get(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(raw.get());
        } catch (NumberFormatException e) {
            invalid(name, raw.get(), "must be a whole number");
            return defaultValue;
        }
        if (value < min) {
            invalid(name, raw.get(), "must be >= " + min);
            return defaultValue;
        }
        if (value > max) {
            invalid(name, raw.get(), "must be <= " + max);
            return defaultValue;
        }
        return value;
    }

    /** A number above {@code minExclusive} and at most {@code max}; NaN and infinities are refused. */
    public double decimal(String name, double defaultValue, double minExclusive, double max) {
        Optional<String> raw = env.get(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        double value;
        try {
            value = Double.parseDouble(raw.get());
        } catch (NumberFormatException e) {
            invalid(name, raw.get(), "must be a number");
            return defaultValue;
        }
        if (!(value > minExclusive)) {
            invalid(name, raw.get(), "must be > " + bound(minExclusive));
            return defaultValue;
        }
        if (value > max) {
            invalid(name, raw.get(), "must be <= " + bound(max));
            return defaultValue;
        }
        return value;
    }

    /** {@code 0}, not {@code 0.0}: problems read alike whether the variable is a whole number or not. */
    private static String bound(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }

    public boolean bool(String name, boolean defaultValue) {
        Optional<String> raw = env.get(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> {
                invalid(name, raw.get(), "must be true or false");
                yield defaultValue;
            }
        };
    }

    /** A whole number of the given unit; the variable name says the unit ({@code _MS}, {@code _SECONDS}). */
    public Duration millis(String name, long defaultMillis, long minMillis, long maxMillis) {
        return Duration.ofMillis(number(name, defaultMillis, minMillis, maxMillis));
    }

    public Duration seconds(String name, long defaultSeconds, long minSeconds, long maxSeconds) {
        return Duration.ofSeconds(number(name, defaultSeconds, minSeconds, maxSeconds));
    }

    /** An absolute http(s) URL. */
    public Optional<URI> httpUrl(String name) {
        Optional<String> raw = env.get(name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(raw.get());
            String scheme = uri.getScheme();
            if (uri.getHost() == null || scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
                invalid(name, raw.get(), "must be an absolute http:// or https:// URL");
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            invalid(name, raw.get(), "must be a URL (" + e.getReason() + ")");
            return Optional.empty();
        }
    }

    /**
     * A value parsed by {@code parser}, which throws {@link IllegalArgumentException} with the reason when the value is
     * wrong. {@code secret} keeps the raw value out of the problem.
     */
    public <T> Optional<T> parsed(String name, boolean secret, Function<String, T> parser) {
        Optional<String> raw = env.get(name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(raw.get()));
        } catch (IllegalArgumentException e) {
            invalid(name, secret ? "[hidden]" : raw.get(), e.getMessage());
            return Optional.empty();
        }
    }

    public void missing(String name, String hint) {
        problems.add("Missing required variable " + name + ": " + hint);
    }

    public void invalid(String name, String value, String reason) {
        problems.add("Invalid value " + value + " for " + name + ": " + reason);
    }

    /** Adds a problem that involves several variables. */
    public void problem(String message) {
        problems.add(message);
    }

    /** Throws a {@link ConfigException} listing every problem found so far. */
    public void validate() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
