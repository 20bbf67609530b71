package dev.trainingbot.common.config;

import java.net.URI;

/**
 * The Bot API: {@code BOT_TOKEN} (from @BotFather, {@code <digits>:<letters>}) and {@code TELEGRAM_API_URL} (default
 * {@code https://api.telegram.org}; tests and the local fleet point it at the emulator). The token is a {@link Secret}:
 * it is part of every Bot API URL, and is masked wherever that URL is logged.
 */
public record TelegramSettings(Secret botToken, URI apiUrl) {

    public static final URI PUBLIC_API = URI.create("https://api.telegram.org");

    public static TelegramSettings read(ConfigReader config) {
        Secret token = config.requiredSecret("BOT_TOKEN", "the bot's token from @BotFather");
        if (!token.reveal().isEmpty() && !token.reveal().matches("\\d+:[A-Za-z0-9_-]+")) {
            config.invalid("BOT_TOKEN", "[hidden]", "must look like 123456789:AA... (the token @BotFather gave)");
        }
        URI api = config.httpUrl("TELEGRAM_API_URL").orElse(PUBLIC_API);
        return new TelegramSettings(token, api);
    }

    /** {@code <api>/bot<token>/<method>}. */
    public URI methodUri(String method) {
        String base = apiUrl.toString().replaceAll("/+$", "");
        return URI.create(base + "/bot" + botToken.reveal() + "/" + method);
    }
}
