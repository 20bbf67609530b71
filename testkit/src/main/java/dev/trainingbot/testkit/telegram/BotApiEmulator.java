package dev.trainingbot.testkit.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A Telegram Bot API stand-in for tests and for running the fleet locally: an HTTP server speaking the real wire
 * format ({@code /bot<token>/<method>}, JSON, form-encoded and multipart bodies, {@code {"ok":…}} answers with
 * Telegram's error codes and descriptions), so the services, using the real telegrambots client, cannot tell it
 * from Telegram. It implements {@code getMe}, {@code getUpdates}, {@code setWebhook}, {@code deleteWebhook},
 * {@code getWebhookInfo}, {@code sendMessage}, {@code editMessageText}, {@code editMessageReplyMarkup},
 * {@code answerCallbackQuery}, {@code deleteMessage}, the media sends {@code sendDocument}, {@code sendPhoto},
 * {@code sendVideo}, {@code sendAnimation}, {@code sendAudio} and {@code sendVoice} (an upload, a file_id it issued or
 * an https URL; unknown file_ids refused, uploads counted: {@link #uploads(String)}, {@link #forgetFileIds}), and the
 * {@code getFile} (and the download of a file a user sent), and the command menu's
 * {@code setMyCommands}, {@code getMyCommands}, {@code deleteMyCommands}, {@code setChatMenuButton} and
 * {@code getChatMenuButton} ({@link #commandMenuFor}).
 *
 * <p>The test side acts as users ({@link #newUser}) and reads, per chat and in order, what the bot did. Faults can be
 * injected per method: latency, 5xx, 429, and answers lost after the call took effect. Telegram's flood limits are
 * enforced from the start ({@link #enforce}). A person can chat with the bot in a browser at {@code /} ({@link ChatPage}).
 */
public final class BotApiEmulator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmulatorOptions options;
    private final HttpServer server;
    private final ExecutorService executor;
    private final UpdateQueue updates;
    private final Chats chats = new Chats();
    private final BotMethods methods;
    private final MediaFiles files = new MediaFiles();
    private final CommandMenus menus = new CommandMenus();
    private final FaultInjector faults = new FaultInjector();
    private final UserFiles userFiles = new UserFiles();
    private volatile FloodPolicy.Enforcer flood = new FloodPolicy.Enforcer(FloodPolicy.telegram());
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final List<RequestRecord> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Consumer<RequestRecord>> requestListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<WebhookDelivery>> deliveryListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong nextUserId = new AtomicLong(1_000_001);
    private final AtomicLong nextGroupId = new AtomicLong(-4_000_000_001L);
    private final AtomicLong nextCallbackId = new AtomicLong(1);
    private final ObjectNode bot;

    private BotApiEmulator(EmulatorOptions options) throws IOException {
        this.options = options;
        this.bot = JSON.createObjectNode()
                .put("id", options.botId())
                .put("is_bot", true)
                .put("first_name", "Training Bot")
                .put("username", options.username())
                .put("can_join_groups", true)
                .put("can_read_all_group_messages", false)
                .put("supports_inline_queries", false);
        this.updates =
                new UpdateQueue(options.webhookRetryInitial(), options.webhookRetryMax(), options.clock(), delivery -> {
                    for (Consumer<WebhookDelivery> listener : deliveryListeners) {
                        listener.accept(delivery);
                    }
                });
        this.methods = new BotMethods(chats, updates, bot, menus, files, userFiles);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", options.port()), 1024);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/bot", this::api);
        server.createContext("/file/bot", this::download);
        ChatPage page = new ChatPage(this);
        server.createContext("/", page::page);
        server.createContext("/chat/api/", page::api);
    }

    /** Starts an emulator with {@code options}. */
    public static BotApiEmulator start(EmulatorOptions options) {
        try {
            BotApiEmulator emulator = new BotApiEmulator(options);
            emulator.server.start();
            return emulator;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot start the Bot API emulator", e);
        }
    }

    public static BotApiEmulator start() {
        return start(EmulatorOptions.defaults());
    }

    /** {@code http://127.0.0.1:<port>}: the {@code TELEGRAM_API_URL} of the services under test. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String token() {
        return options.token();
    }

    public long botId() {
        return options.botId();
    }

    public String username() {
        return options.username();
    }

    /** Adds a route for another page of the emulator (not the Bot API). */
    public void route(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    /** A new user with a private chat with the bot (chat id = user id); {@code languageCode} may be null. */
    public TelegramUser newUser(String firstName, String languageCode) {
        return newUser(nextUserId.getAndIncrement(), firstName, languageCode);
    }

    /**
     * A new user with the Telegram id {@code id} — for settings that name users, such as an allow-list — and a private
     * chat with the bot; the id must be positive and not taken (ids {@code newUser} gives start at 1,000,001).
     */
    public TelegramUser newUser(long id, String firstName, String languageCode) {
        return newUser(id, firstName, null, languageCode);
    }

    /** A new user with a Telegram {@code username} (without the '@') too; {@code languageCode} may be null. */
    public TelegramUser newUserWithUsername(String firstName, String username, String languageCode) {
        return newUser(nextUserId.getAndIncrement(), firstName, username, languageCode);
    }

    private TelegramUser newUser(long id, String firstName, String username, String languageCode) {
        if (id <= 0) {
            throw new IllegalArgumentException("a user id is positive, not " + id);
        }
        if (chats.all().stream().anyMatch(chat -> chat.id == id)) {
            throw new IllegalArgumentException("user " + id + " exists already");
        }
        ObjectNode user =
                JSON.createObjectNode().put("id", id).put("is_bot", false).put("first_name", firstName);
        if (username != null) {
            user.put("username", username);
        }
        if (languageCode != null) {
            user.put("language_code", languageCode);
        }
        EmulatedChat chat = new EmulatedChat(id, "private", null, user, bot, options.clock());
        chats.add(chat);
        return new TelegramUser(this, chat);
    }

    /**
     * A new group chat with the bot in it (a negative chat id, as Telegram's are); its members write in it through
     * {@link TelegramUser#inGroup}.
     */
    public long newGroup(String title) {
        long id = nextGroupId.getAndDecrement();
        ObjectNode nobody =
                JSON.createObjectNode().put("id", 0).put("is_bot", false).put("first_name", title);
        chats.add(new EmulatedChat(id, "group", title, nobody, bot, options.clock()));
        return id;
    }

    /** {@code member} (a user's JSON) writing in the group chat {@code groupChatId}. */
    TelegramUser member(long groupChatId, ObjectNode member) {
        EmulatedChat group = chats.chat(groupChatId);
        if (group.type.equals("private")) {
            throw new IllegalArgumentException("chat " + groupChatId + " is a private chat, not a group");
        }
        return new TelegramUser(this, group, member);
    }

    /**
     * Telegram telling the bot that poll {@code pollId} changed — an update with neither chat nor user, as Telegram
     * sends about polls the bot created; returns the update id.
     */
    public long pollChanged(String pollId) {
        ObjectNode poll = JSON.createObjectNode()
                .put("id", pollId)
                .put("question", "Which lesson next?")
                .put("total_voter_count", 1)
                .put("is_closed", false)
                .put("is_anonymous", true)
                .put("type", "regular")
                .put("allows_multiple_answers", false);
        poll.putArray("options").addObject().put("text", "Basics").put("voter_count", 1);
        return updates.add(0, "poll", poll);
    }

    /** An answer to poll {@code pollId} that names no voter (neither {@code user} nor {@code voter_chat}). */
    public long anonymousPollAnswer(String pollId) {
        ObjectNode answer = JSON.createObjectNode().put("poll_id", pollId);
        answer.putArray("option_ids").add(0);
        return updates.add(0, "poll_answer", answer);
    }

    /** The users created so far, in creation order, each in their private chat. */
    public List<TelegramUser> users() {
        return chats.all().stream()
                .filter(chat -> chat.type.equals("private"))
                .map(chat -> new TelegramUser(this, chat))
                .toList();
    }

    /**
     * Calls {@code listener} with every Bot API call once it was answered — after its effect (a message sent or
     * edited) is visible to {@link TelegramUser}s — on the thread that answered it, so it must be quick.
     */
    public void onRequest(Consumer<RequestRecord> listener) {
        requestListeners.add(listener);
    }

    /** Calls {@code listener} with every webhook delivery attempt once the webhook answered it or failed to. */
    public void onWebhookDelivery(Consumer<WebhookDelivery> listener) {
        deliveryListeners.add(listener);
    }

    /** How many calls of {@code method} were answered (successfully or not). */
    public long calls(String method) {
        AtomicLong count = calls.get(BotMethods.canonical(method));
        return count == null ? 0 : count.get();
    }

    /** A file the bot sent, by its file_id. */
    Optional<Document> file(String fileId) {
        return files.file(fileId);
    }

    /** Multipart uploads of a file named {@code fileName} so far, by any send method (a file_id reuse is none). */
    public long uploads(String fileName) {
        return files.uploads(fileName);
    }

    /** Multipart file uploads so far, by any send method. */
    public long uploads() {
        return files.uploads();
    }

    /** Media URLs the emulated Telegram fetched so far. */
    public long urlFetches() {
        return files.fetches();
    }

    /**
     * Forgets every file_id issued so far, as Telegram does when a file reference expires: a send naming one is
     * refused with {@code 400 Bad Request: wrong file identifier/HTTP URL specified}.
     */
    public void forgetFileIds() {
        files.forgetAll();
    }

    /** Every call answered so far, in the order they were answered. */
    public List<RequestRecord> requestLog() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /**
     * The command menu ("/" and the Menu button's list) a user whose Telegram language is {@code languageCode} sees
     * in a private chat: {@code "command — description"} in order — their language's list, else the one set without a
     * language; empty when none was set.
     */
    public List<String> commandMenuFor(String languageCode) {
        return menus.menuFor(languageCode).stream()
                .map(command -> command.command() + " — " + command.description())
                .toList();
    }

    /** Whether a list was set for exactly {@code languageCode} (null: the one without a language). */
    public boolean commandListSetFor(String languageCode) {
        return menus.listOf(languageCode).isPresent();
    }

    /** The Menu button of chats without one of their own: {@code default} until set, {@code commands}, {@code web_app}. */
    public String defaultMenuButton() {
        return menus.defaultMenuButton();
    }

    public int pendingUpdateCount() {
        return updates.pendingCount();
    }

    /** What {@code getWebhookInfo} answers now. */
    public JsonNode webhookInfo() {
        return updates.webhookInfo();
    }

    /** Adds {@code latency} to every call of {@code method} (zero removes it). */
    public void delay(String method, Duration latency) {
        faults.delay(BotMethods.canonical(method), latency);
    }

    /** Answers the next {@code times} calls of {@code method} with {@code status} (500, 502, 503, 400, 403). */
    public void failNext(String method, int times, int status) {
        faults.fail(BotMethods.canonical(method), times, status, 0);
    }

    /**
     * Lets the next {@code times} calls of {@code method} take effect (a message sent, a button answered), then answers
     * them 502 instead of their result — as when Telegram did the work and its answer was lost on the way back.
     */
    public void loseAnswersOfNext(String method, int times) {
        faults.loseAnswers(BotMethods.canonical(method), times);
    }

    /** Answers the next {@code times} calls of {@code method} with 429 and {@code retry_after}. */
    public void rateLimitNext(String method, int times, int retryAfterSeconds) {
        faults.fail(BotMethods.canonical(method), times, 429, retryAfterSeconds);
    }

    /**
     * From now on answers messages beyond {@code policy} with 429, as Telegram does; {@code null} lifts the limits. An
     * emulator starts with Telegram's own ({@link FloodPolicy#telegram()}), so that everything tested against it meets
     * them; a test that changes them says why (a benchmark of throughput beyond one bot's limit, say).
     */
    public void enforce(FloodPolicy policy) {
        flood = policy == null ? null : new FloodPolicy.Enforcer(policy);
    }

    /** How many messages the flood limits refused with 429 since they were last set. */
    public long floodRefusals() {
        FloodPolicy.Enforcer limits = flood;
        return limits == null ? 0 : limits.rejected();
    }

    /** Removes every injected fault. */
    public void clearFaults() {
        faults.clear();
    }

    long addUpdate(long chat, String field, ObjectNode payload) {
        return updates.add(chat, field, payload);
    }

    String nextCallbackQueryId(EmulatedChat chat) {
        String id = Long.toString(chat.id) + "-" + nextCallbackId.getAndIncrement();
        chats.callbackSent(id, chat);
        return id;
    }

    UserFiles userFiles() {
        return userFiles;
    }

    /** {@code /file/bot<token>/<file_path>}: the content of a file a user sent. */
    private void download(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath().substring("/file/bot".length());
        int slash = path.indexOf('/');
        byte[] content = slash < 0 || !path.substring(0, slash).equals(options.token())
                ? null
                : UserFiles.idOf(path.substring(slash + 1))
                        .flatMap(userFiles::get)
                        .orElse(null);
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (content == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.sendResponseHeaders(200, content.length);
            exchange.getResponseBody().write(content);
        }
    }

    private void api(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        String path = exchange.getRequestURI().getRawPath();
        int slash = path.indexOf('/', 4);
        String token = slash < 0 ? path.substring(4) : path.substring(4, slash);
        // Telegram reads method names case-insensitively (telegrambots sends "sendmessage").
        String method = BotMethods.canonical(slash < 0 ? "" : path.substring(slash + 1));
        int status;
        long chatId = 0;
        ObjectNode answer;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if (!token.equals(options.token())) {
                throw new ApiError(401, "Unauthorized");
            }
            ApiRequest request = ApiRequest.parse(
                    exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    body);
            chatId = request.string("chat_id").map(BotApiEmulator::chatIdOrZero).orElse(0L);
            faults.apply(method);
            FloodPolicy.Enforcer limits = flood;
            if (limits != null) {
                limits.admit(method, chatId);
            }
            JsonNode result = methods.call(method, request);
            faults.afterEffect(method);
            answer = JSON.createObjectNode().put("ok", true).set("result", result);
            status = 200;
        } catch (ApiError error) {
            status = error.code;
            answer = JSON.createObjectNode()
                    .put("ok", false)
                    .put("error_code", error.code)
                    .put("description", error.getMessage());
            if (error.retryAfter != null) {
                answer.putObject("parameters").put("retry_after", error.retryAfter);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 500;
            answer = JSON.createObjectNode()
                    .put("ok", false)
                    .put("error_code", 500)
                    .put("description", "Interrupted");
        }
        byte[] bytes = JSON.writeValueAsBytes(answer);
        // Taken and logged before the answer leaves: a caller that has seen the answer finds its call in the log.
        long answered = System.nanoTime();
        calls.computeIfAbsent(method, m -> new AtomicLong()).incrementAndGet();
        RequestRecord record = new RequestRecord(method, chatId, started, answered, status);
        requests.add(record);
        for (Consumer<RequestRecord> listener : requestListeners) {
            listener.accept(record);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static long chatIdOrZero(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        updates.close();
        server.stop(0);
        executor.shutdownNow();
    }

    /** Chats by id, and which chat each pressed button belongs to. */
    private static final class Chats implements BotMethods.ChatDirectory {
        private final Map<Long, EmulatedChat> byId = new ConcurrentHashMap<>();
        private final List<EmulatedChat> ordered = Collections.synchronizedList(new ArrayList<>());
        private final Map<String, EmulatedChat> callbacks = new ConcurrentHashMap<>();

        void add(EmulatedChat chat) {
            byId.put(chat.id, chat);
            ordered.add(chat);
        }

        void callbackSent(String id, EmulatedChat chat) {
            callbacks.put(id, chat);
        }

        @Override
        public EmulatedChat chat(long id) {
            EmulatedChat chat = byId.get(id);
            if (chat == null) {
                throw ApiError.badRequest("chat not found");
            }
            return chat;
        }

        @Override
        public EmulatedChat answerCallback(String queryId) {
            EmulatedChat chat = callbacks.remove(queryId);
            if (chat == null) {
                throw ApiError.badRequest("query is too old and response timeout expired or query ID is invalid");
            }
            return chat;
        }

        @Override
        public List<EmulatedChat> all() {
            synchronized (ordered) {
                return List.copyOf(ordered);
            }
        }
    }
}
