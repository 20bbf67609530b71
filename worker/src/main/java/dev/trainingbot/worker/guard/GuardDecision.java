package dev.trainingbot.worker.guard;

/** What the guard decided for one update. */
public enum GuardDecision {
    /** The update was handled before (Telegram or Kafka delivered it again): skip it silently. */
    DUPLICATE(false, false),
    /** Within the limits: handle it. */
    ALLOW(true, false),
    /** Exempt from the throttle (a logged-in admin, or an update without a user): handle it. */
    EXEMPT(true, false),
    /** The bucket is empty and this opens a violation window: answer "too many requests" once. */
    THROTTLED_TELL(false, true),
    /** The bucket is empty inside an open violation window: drop silently. */
    THROTTLED_SILENT(false, false),
    /** The user is banned and has not been told: answer "temporarily blocked" once. */
    BANNED_TELL(false, true),
    /** The user is banned and was told: drop silently. */
    BANNED_SILENT(false, false);

    private final boolean proceed;
    private final boolean tell;

    GuardDecision(boolean proceed, boolean tell) {
        this.proceed = proceed;
        this.tell = tell;
    }

    /** Whether the update goes on to the handlers. */
    public boolean proceed() {
        return proceed;
    }

    /** Whether the user is sent a notice about the refusal. */
    public boolean tell() {
        return tell;
    }
}
