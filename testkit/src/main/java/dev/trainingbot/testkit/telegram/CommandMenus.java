package dev.trainingbot.testkit.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The bot's command menus and Menu buttons as Telegram keeps them: {@code setMyCommands}, {@code getMyCommands} and
 * {@code deleteMyCommands} per scope and {@code language_code} (a user of a language without its own list gets the
 * list without one), {@code setChatMenuButton} and {@code getChatMenuButton} for one private chat or, without
 * {@code chat_id}, the default of all. Validated as the Bot API documents: at most 100 commands, each 1-32 of
 * {@code a-z 0-9 _} with a description of 1-256 characters; a two-letter language code.
 */
final class CommandMenus {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COMMAND = Pattern.compile("[a-z0-9_]{1,32}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");
    private static final Set<String> SCOPES = Set.of(
            "default",
            "all_private_chats",
            "all_group_chats",
            "all_chat_administrators",
            "chat",
            "chat_administrators",
            "chat_member");
    private static final Set<String> BUTTONS = Set.of("default", "commands", "web_app");

    /** A command as the menu shows it. */
    record Command(String command, String description) {}

    /** Lists by scope (its JSON) and language code ("" for none). */
    private final Map<String, List<Command>> lists = new ConcurrentHashMap<>();
    /** Menu buttons by chat id, 0 for the default. */
    private final Map<Long, JsonNode> buttons = new ConcurrentHashMap<>();

    JsonNode setMyCommands(ApiRequest request) {
        JsonNode commands =
                request.object("commands").orElseThrow(() -> ApiError.badRequest("parameter \"commands\" is required"));
        if (!commands.isArray()) {
            throw ApiError.badRequest("can't parse commands JSON object");
        }
        if (commands.size() > 100) {
            throw ApiError.badRequest("BOT_COMMANDS_TOO_MUCH");
        }
        List<Command> list = new java.util.ArrayList<>();
        for (JsonNode command : commands) {
            if (!command.has("command")) {
                throw ApiError.badRequest("can't parse BotCommand: Can't find field \"command\"");
            }
            if (!command.has("description")) {
                throw ApiError.badRequest("can't parse BotCommand: Can't find field \"description\"");
            }
            String name = command.path("command").asText("");
            String description = command.path("description").asText("").strip();
            if (!COMMAND.matcher(name).matches()) {
                throw ApiError.badRequest("BOT_COMMAND_INVALID");
            }
            if (description.isEmpty()) {
                throw ApiError.badRequest("command description must be non-empty");
            }
            if (description.length() > 256) {
                throw ApiError.badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
            }
            list.add(new Command(name, description));
        }
        lists.put(key(request), List.copyOf(list));
        return BooleanNode.TRUE;
    }

    JsonNode getMyCommands(ApiRequest request) {
        ArrayNode result = JSON.createArrayNode();
        for (Command command : lists.getOrDefault(key(request), List.of())) {
            result.addObject().put("command", command.command()).put("description", command.description());
        }
        return result;
    }

    JsonNode deleteMyCommands(ApiRequest request) {
        lists.remove(key(request));
        return BooleanNode.TRUE;
    }

    JsonNode setChatMenuButton(ApiRequest request, BotMethods.ChatDirectory chats) {
        long chat = chatOf(request, chats);
        JsonNode button =
                request.object("menu_button").orElse(JSON.createObjectNode().put("type", "default"));
        String type = button.path("type").asText("");
        if (!BUTTONS.contains(type)) {
            throw ApiError.badRequest("unsupported menu button type");
        }
        if (type.equals("web_app") && (button.path("text").asText("").isEmpty() || !button.has("web_app"))) {
            throw ApiError.badRequest("can't parse MenuButtonWebApp");
        }
        buttons.put(chat, button.deepCopy());
        return BooleanNode.TRUE;
    }

    JsonNode getChatMenuButton(ApiRequest request, BotMethods.ChatDirectory chats) {
        long chat = chatOf(request, chats);
        JsonNode button = buttons.getOrDefault(chat, buttons.get(0L));
        return button == null ? JSON.createObjectNode().put("type", "default") : button.deepCopy();
    }

    /**
     * The list a user whose Telegram language is {@code languageCode} sees in a private chat with the default scope:
     * their language's list, else the one without a language; empty when neither was set.
     */
    List<Command> menuFor(String languageCode) {
        String scope = scopeKey(JSON.createObjectNode().put("type", "default"));
        List<Command> own = languageCode == null ? null : lists.get(scope + "|" + languageCode);
        return own != null ? own : lists.getOrDefault(scope + "|", List.of());
    }

    /** The list set for exactly {@code languageCode} (null: the one without a language) in the default scope. */
    Optional<List<Command>> listOf(String languageCode) {
        String scope = scopeKey(JSON.createObjectNode().put("type", "default"));
        return Optional.ofNullable(lists.get(scope + "|" + (languageCode == null ? "" : languageCode)));
    }

    /** The Menu button's type for chats without one of their own ({@code default} until set). */
    String defaultMenuButton() {
        JsonNode button = buttons.get(0L);
        return button == null ? "default" : button.path("type").asText();
    }

    private static String key(ApiRequest request) {
        JsonNode scope = request.object("scope").orElse(JSON.createObjectNode().put("type", "default"));
        String language = request.string("language_code").orElse("");
        if (!language.isEmpty() && !LANGUAGE.matcher(language).matches()) {
            throw ApiError.badRequest("invalid language code specified");
        }
        return scopeKey(scope) + "|" + language;
    }

    private static String scopeKey(JsonNode scope) {
        String type = scope.path("type").asText("");
        if (!SCOPES.contains(type)) {
            throw ApiError.badRequest("unsupported bot command scope type");
        }
        ObjectNode canonical = JSON.createObjectNode().put("type", type);
        if (scope.has("chat_id")) {
            canonical.put("chat_id", scope.path("chat_id").asText());
        }
        if (scope.has("user_id")) {
            canonical.put("user_id", scope.path("user_id").asLong());
        }
        return canonical.toString();
    }

    private static long chatOf(ApiRequest request, BotMethods.ChatDirectory chats) {
        Optional<String> chat = request.string("chat_id").filter(id -> !id.isEmpty());
        if (chat.isEmpty()) {
            return 0L;
        }
        return chats.chat(request.requiredLong("chat_id")).id;
    }
}
