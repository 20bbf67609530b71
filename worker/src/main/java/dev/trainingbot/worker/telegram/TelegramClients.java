package dev.trainingbot.worker.telegram;

import dev.trainingbot.common.config.TelegramSettings;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * The telegrambots client of a worker, on an OkHttp client sized for a fleet: every call goes to one host, and
 * OkHttp's default of 5 concurrent requests per host would make chats wait on each other; here up to
 * {@code maxConcurrentCalls} run at once. A call that takes longer than {@code callTimeout} fails as retriable.
 *
 * <p>telegrambots runs each call on OkHttp's dispatcher and the chat's virtual thread waits for it. The dispatcher's
 * calls run on virtual threads too, so a call hands over between virtual threads on the same carriers instead of
 * waking a platform thread twice.
 */
public final class TelegramClients {

    private TelegramClients() {}

    public static OkHttpClient http(int maxConcurrentCalls, Duration callTimeout) {
        Dispatcher dispatcher = new Dispatcher(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("telegram-call-", 1).factory()));
        dispatcher.setMaxRequests(maxConcurrentCalls);
        dispatcher.setMaxRequestsPerHost(maxConcurrentCalls);
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(
                        new ConnectionPool(Math.min(maxConcurrentCalls, 256), 5, java.util.concurrent.TimeUnit.MINUTES))
                .connectTimeout(Duration.ofSeconds(5))
                .callTimeout(callTimeout)
                .build();
    }

    /**
     * Reads {@code filePath} from the file endpoint of the Bot API of {@code settings} ({@code /file/bot<token>/…},
     * beside {@code TELEGRAM_API_URL}; the client library's own download always asks api.telegram.org), at most
     * {@code maxBytes} and one more, so that a caller sees a file too large.
     */
    public static TelegramGateway.FileFetch files(TelegramSettings settings, OkHttpClient http) {
        return (filePath, maxBytes) -> {
            String base = settings.apiUrl().toString().replaceAll("/+$", "");
            okhttp3.Request request = new okhttp3.Request.Builder()
                    .url(base + "/file/bot" + settings.botToken().reveal() + "/" + filePath)
                    .build();
            try (okhttp3.Response response = http.newCall(request).execute()) {
                if (!response.isSuccessful() || response.body() == null) {
                    throw new java.io.IOException("file download answered HTTP " + response.code());
                }
                try (java.io.InputStream in = response.body().byteStream()) {
                    return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 1, maxBytes) + 1);
                }
            }
        };
    }

    public static TelegramClient client(TelegramSettings settings, OkHttpClient http) {
        URI api = settings.apiUrl();
        int port = api.getPort() > 0 ? api.getPort() : api.getScheme().equals("https") ? 443 : 80;
        return new OkHttpTelegramClient(
                http, settings.botToken().reveal(), new TelegramUrl(api.getScheme(), api.getHost(), port, false));
    }
}
