package dev.trainingbot.worker.guard;

import dev.trainingbot.worker.pipeline.InboundRecord;
import java.util.OptionalLong;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * When an update arrived, the clock the throttle counts on.
 *
 * <p>It is the ingress's {@code received-at} header rather than the Kafka record's timestamp: the header is the
 * project's contract, taken when the webhook request (or the {@code getUpdates} answer) came in, while the record's
 * timestamp is whatever the topic's {@code message.timestamp.type} makes it — with {@code LogAppendTime} the broker's
 * append, which after a producer retry or a broker failover lags the user by seconds. The record's timestamp stands in
 * only for records without the header (produced by something other than the ingress).
 *
 * <p>Updates that waited in Kafka (a worker outage, a restart, a rebalance) keep the time they arrived, so a backlog is
 * judged as the user sent it: ten messages within 50 ms are a flood however late a worker reads them, one a second
 * before the outage is not. Updates that waited on Telegram's side instead — its webhook delivering a queue slower
 * than users write into it, the ingress down, a poller catching up — reach the ingress late and bunched, or spread
 * out, so their {@code received-at} says little about the user's pace. When the update carries the time the user sent
 * it (a message's {@code date}, an edit's {@code edit_date}, in whole seconds), the arrival is therefore kept within
 * that second: {@code received-at} when it falls inside it, else the second's last millisecond (or its first, for an
 * ingress clock behind Telegram's). Ten messages sent at once share a second and are a burst whenever they reach the
 * ingress; messages a second apart stay a second apart. Button presses carry no send time and are judged by when
 * they reached the ingress.
 */
public final class Arrival {

    private Arrival() {}

    /** The update's arrival in epoch milliseconds, or empty when nothing says (the guard then uses Redis's time). */
    public static OptionalLong of(InboundRecord record, Update update) {
        OptionalLong received = record.receivedAtMillis();
        long sentSeconds = sentSeconds(update);
        if (sentSeconds <= 0) {
            return received;
        }
        long first = sentSeconds * 1000;
        long last = first + 999;
        if (received.isEmpty()) {
            return OptionalLong.of(last);
        }
        return OptionalLong.of(Math.clamp(received.getAsLong(), first, last));
    }

    private static long sentSeconds(Update update) {
        if (update.hasMessage() && update.getMessage().getDate() != null) {
            return update.getMessage().getDate();
        }
        if (update.hasEditedMessage() && update.getEditedMessage().getEditDate() != null) {
            return update.getEditedMessage().getEditDate();
        }
        return 0;
    }
}
