package dev.trainingbot.worker.telegram;

/**
 * Which traffic a message belongs to under the bot-wide flood limit. Both lanes share the one limit Telegram
 * enforces; they differ in who waits when it is used up.
 */
public enum FloodLane {
    /** An answer to what a user just did: may use the bot's whole burst, and never queues behind bulk traffic. */
    REPLY("reply"),
    /**
     * Traffic nobody is waiting on this second (broadcasts, reminders): evenly spaced, without burst, and booked only
     * a few turns ahead ({@link FloodLimits#bulkAhead()}), so that the rest of the burst is left for replies.
     */
    BULK("bulk");

    private final String script;

    FloodLane(String script) {
        this.script = script;
    }

    /** The lane's name in {@code telegram/flood.lua}. */
    String script() {
        return script;
    }
}
