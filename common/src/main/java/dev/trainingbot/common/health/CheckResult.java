package dev.trainingbot.common.health;

/** One line of the health check: what was checked, how it went, and what an operator should know. */
public record CheckResult(String name, Status status, String detail) {

    /** ✓ passed, ⚠ passed with a warning, ✗ failed. */
    public enum Status {
        PASSED("✓"),
        WARNING("⚠"),
        FAILED("✗");

        final String mark;

        Status(String mark) {
            this.mark = mark;
        }
    }

    public static CheckResult passed(String name, String detail) {
        return new CheckResult(name, Status.PASSED, detail);
    }

    public static CheckResult warning(String name, String detail) {
        return new CheckResult(name, Status.WARNING, detail);
    }

    public static CheckResult failed(String name, String detail) {
        return new CheckResult(name, Status.FAILED, detail);
    }
}
