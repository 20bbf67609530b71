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

    public static TelegramClient client(TelegramSettings settings, OkHttpClient http) {
        URI api = settings.apiUrl();
        int port = api.getPort() > 0 ? api.getPort() : api.getScheme().equals("https") ? 443 : 80;
        return new OkHttpTelegramClient(
                http, settings.botToken().reveal(), new TelegramUrl(api.getScheme(), api.getHost(), port, false));
    }
}
