package dev.trainingbot.worker.telegram;

/** A flood-limited message: its chat and lane. */
record FloodTurn(long chat, FloodLane lane) {

    /** A message in {@code lane} to the chat named {@code chatId}. */
    static FloodTurn of(String chatId, FloodLane lane) {
        return new FloodTurn(chat(chatId), lane);
    }

    /** A reply ({@link FloodLane#REPLY}) to the chat named {@code chatId}. */
    static FloodTurn reply(String chatId) {
        return of(chatId, FloodLane.REPLY);
    }

    private static long chat(String chatId) {
        try {
            return Long.parseLong(chatId);
        } catch (NumberFormatException | NullPointerException e) {
            return 0L;
        }
    }
}
