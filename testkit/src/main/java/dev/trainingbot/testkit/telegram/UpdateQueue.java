package dev.trainingbot.testkit.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Updates the users caused that the bot has not received yet, delivered as Telegram does: to {@code getUpdates}
 * (offset confirms, long polling, one poller at a time) or, while a webhook is set, by POST to it.
 *
 * <p>Webhook deliveries run concurrently across chats, up to {@code max_connections}, but strictly in order within a
 * chat: the next update of a chat is posted only after the previous one got a 2xx answer. An update answered
 * otherwise, or not at all, stays pending and is posted again after a backoff that doubles up to a limit, while the
 * chat's later updates wait behind it. This is the ordering the fleet builds on.
 */
final class UpdateQueue implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An update not yet delivered; {@code chat} orders webhook deliveries. */
    private record Pending(long updateId, long chat, byte[] json) {}

    /** The registered webhook and what Telegram would report about it. */
    record Webhook(String url, String secret, int maxConnections) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private final Map<Long, TreeSet<Long>> byChat = new HashMap<>();
    private final Deque<Long> ready = new ArrayDeque<>();
    private final Set<Long> busy = new HashSet<>();
    private final Duration retryInitial;
    private final Duration retryMax;
    private final Clock clock;
    private final Consumer<WebhookDelivery> deliveries;
    private final HttpClient http;
    private final Thread dispatcher;
    private long nextUpdateId = 100_000;
    private long pollerGeneration;
    private Webhook webhook;
    private Semaphore connections = new Semaphore(40);
    private long lastErrorDate;
    private String lastErrorMessage;
    private volatile boolean running = true;

    /** {@code deliveries} hears of every webhook delivery attempt once it ended, on the delivering thread. */
    UpdateQueue(Duration retryInitial, Duration retryMax, Clock clock, Consumer<WebhookDelivery> deliveries) {
        this.retryInitial = retryInitial;
        this.retryMax = retryMax;
        this.clock = clock;
        this.deliveries = deliveries;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        this.dispatcher = Thread.ofPlatform().daemon().name("emulator-webhook").start(this::dispatch);
    }

    /** Adds an update built by {@code payload} for its new id; returns the id. */
    long add(long chat, String field, ObjectNode payload) {
        lock.lock();
        try {
            long updateId = nextUpdateId++;
            ObjectNode update = JSON.createObjectNode().put("update_id", updateId);
            update.set(field, payload);
            pending.put(updateId, new Pending(updateId, chat, bytes(update)));
            byChat.computeIfAbsent(chat, c -> new TreeSet<>()).add(updateId);
            if (webhook != null && !busy.contains(chat) && !ready.contains(chat)) {
                ready.add(chat);
            }
            changed.signalAll();
            return updateId;
        } finally {
            lock.unlock();
        }
    }

    int pendingCount() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code getUpdates}: confirms everything below {@code offset}, then answers the pending updates from there,
     * waiting up to {@code timeout} for one.
     */
    List<byte[]> poll(long offset, int limit, Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            if (webhook != null) {
                throw new ApiError(
                        409,
                        "Conflict: can't use getUpdates method while webhook is active;"
                                + " use deleteWebhook to delete the webhook first");
            }
            long generation = ++pollerGeneration;
            changed.signalAll();
            if (offset > 0) {
                for (Pending confirmed :
                        List.copyOf(pending.headMap(offset, false).values())) {
                    remove(confirmed);
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                List<byte[]> answer = new ArrayList<>();
                for (Pending update : pending.tailMap(Math.max(offset, 0), true).values()) {
                    if (answer.size() == limit) {
                        break;
                    }
                    answer.add(update.json());
                }
                if (!answer.isEmpty()) {
                    return answer;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return answer;
                }
                changed.awaitNanos(left);
                if (generation != pollerGeneration) {
                    throw new ApiError(
                            409,
                            "Conflict: terminated by other getUpdates request;"
                                    + " make sure that only one bot instance is running");
                }
                if (webhook != null) {
                    return List.of();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    void setWebhook(Webhook hook, boolean dropPending) {
        lock.lock();
        try {
            if (dropPending) {
                dropAll();
            }
            webhook = hook;
            connections = new Semaphore(hook.maxConnections());
            lastErrorDate = 0;
            lastErrorMessage = null;
            ready.clear();
            byChat.entrySet().stream()
                    .filter(e -> !e.getValue().isEmpty() && !busy.contains(e.getKey()))
                    .sorted((a, b) ->
                            Long.compare(a.getValue().first(), b.getValue().first()))
                    .forEach(e -> ready.add(e.getKey()));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void deleteWebhook(boolean dropPending) {
        lock.lock();
        try {
            webhook = null;
            ready.clear();
            if (dropPending) {
                dropAll();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    ObjectNode webhookInfo() {
        lock.lock();
        try {
            ObjectNode info = JSON.createObjectNode()
                    .put("url", webhook == null ? "" : webhook.url())
                    .put("has_custom_certificate", false)
                    .put("pending_update_count", pending.size());
            if (webhook != null) {
                info.put("max_connections", webhook.maxConnections());
            }
            if (lastErrorMessage != null) {
                info.put("last_error_date", lastErrorDate).put("last_error_message", lastErrorMessage);
            }
            return info;
        } finally {
            lock.unlock();
        }
    }

    private void dispatch() {
        while (running) {
            Pending next;
            Webhook target;
            Semaphore slots;
            lock.lock();
            try {
                while (running && (webhook == null || ready.isEmpty())) {
                    changed.await();
                }
                if (!running) {
                    return;
                }
                long chat = ready.poll();
                busy.add(chat);
                next = pending.get(byChat.get(chat).first());
                target = webhook;
                slots = connections;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            Thread.ofVirtual().name("emulator-delivery").start(() -> deliver(next, target, slots));
        }
    }

    /** Posts one update until the webhook takes it (or the webhook changes), then frees its chat. */
    private void deliver(Pending update, Webhook target, Semaphore slots) {
        Duration backoff = retryInitial;
        boolean acquired = true;
        while (running) {
            long started = System.nanoTime();
            int status = post(update, target);
            String error = status / 100 == 2 ? null : describe(status);
            deliveries.accept(
                    new WebhookDelivery(update.updateId(), update.chat(), started, System.nanoTime(), status));
            slots.release();
            acquired = false;
            lock.lock();
            try {
                if (error == null) {
                    remove(update);
                }
                if (error == null || webhook != target || !pending.containsKey(update.updateId())) {
                    busy.remove(update.chat());
                    TreeSet<Long> more = byChat.get(update.chat());
                    if (webhook != null && more != null && !more.isEmpty()) {
                        ready.add(update.chat());
                    }
                    changed.signalAll();
                    return;
                }
                lastErrorDate = clock.instant().getEpochSecond();
                lastErrorMessage = error;
            } finally {
                lock.unlock();
            }
            try {
                Thread.sleep(backoff);
                slots.acquire();
                acquired = true;
            } catch (InterruptedException e) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(retryMax) > 0 ? retryMax : backoff.multipliedBy(2);
        }
        if (acquired) {
            slots.release();
        }
    }

    /** The webhook's HTTP status, or 0 when it gave none (connection refused, reset, timed out). */
    private int post(Pending update, Webhook target) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(update.json()));
        if (target.secret() != null) {
            request.header("X-Telegram-Bot-Api-Secret-Token", target.secret());
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** What Telegram's {@code getWebhookInfo} says of a failed delivery. */
    private static String describe(int status) {
        return status == 0 ? "Connection refused" : "Wrong response from the webhook: " + status + " " + reason(status);
    }

    private void remove(Pending update) {
        pending.remove(update.updateId());
        TreeSet<Long> ids = byChat.get(update.chat());
        if (ids != null) {
            ids.remove(update.updateId());
            if (ids.isEmpty()) {
                byChat.remove(update.chat());
            }
        }
    }

    private void dropAll() {
        pending.clear();
        byChat.clear();
        ready.clear();
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 413 -> "Payload Too Large";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "";
        };
    }

    private static byte[] bytes(ObjectNode update) {
        try {
            return JSON.writeValueAsBytes(update);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        running = false;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        dispatcher.interrupt();
        try {
            dispatcher.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
    }
}
