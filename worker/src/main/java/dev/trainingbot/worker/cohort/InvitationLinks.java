package dev.trainingbot.worker.cohort;

import dev.trainingbot.worker.telegram.TelegramException;
import dev.trainingbot.worker.telegram.TelegramGateway;
import org.telegram.telegrambots.meta.api.methods.GetMe;

/**
 * The deep link of an invitation, {@code https://t.me/<bot username>?start=<code>}. The bot's username is asked of
 * Telegram ({@code getMe}) the first time a link is needed and kept: it cannot change while the token stays the same,
 * and a worker that never shows a link never asks.
 */
public final class InvitationLinks {

    private final TelegramGateway telegram;
    private volatile String username;

    public InvitationLinks(TelegramGateway telegram) {
        this.telegram = telegram;
    }

    public String of(Cohort cohort) throws TelegramException {
        return "https://t.me/" + username() + "?start=" + cohort.code();
    }

    private String username() throws TelegramException {
        String known = username;
        if (known == null) {
            known = telegram.call(new GetMe()).getUserName();
            username = known;
        }
        return known;
    }
}
