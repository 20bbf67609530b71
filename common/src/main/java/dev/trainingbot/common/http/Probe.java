package dev.trainingbot.common.http;

/**
 * The answer of one dependency check, as {@code /readyz} and the {@code healthcheck} command print it.
 *
 * @param name what was checked ({@code Database}, {@code Redis}, {@code Kafka}, …)
 * @param ok whether it answered as expected
 * @param detail one line for an operator: {@code DB OK (users: 123)}, or what went wrong
 */
public record Probe(String name, boolean ok, String detail) {

    public static Probe ok(String name, String detail) {
        return new Probe(name, true, detail);
    }

    public static Probe failed(String name, String detail) {
        return new Probe(name, false, detail);
    }

    /** A check of one dependency; it must answer within a few seconds and never throw. */
    @FunctionalInterface
    public interface Check {
        Probe run();
    }
}
