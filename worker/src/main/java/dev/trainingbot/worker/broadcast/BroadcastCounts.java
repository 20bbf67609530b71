package dev.trainingbot.worker.broadcast;

/** Where a broadcast stands: of {@code total} chats, how many got it, had blocked the bot, or failed otherwise. */
public record BroadcastCounts(long total, long delivered, long blocked, long failed) {

    public long processed() {
        return delivered + blocked + failed;
    }
}
