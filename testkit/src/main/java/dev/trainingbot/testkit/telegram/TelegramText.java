package dev.trainingbot.testkit.telegram;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses message text the way Telegram does for each {@code parse_mode}, to refuse what Telegram would refuse
 * ({@code can't parse entities}) and to measure the text's length after entity parsing.
 */
final class TelegramText {

    private static final Set<String> HTML_TAGS = Set.of(
            "b",
            "strong",
            "i",
            "em",
            "u",
            "ins",
            "s",
            "strike",
            "del",
            "a",
            "code",
            "pre",
            "tg-spoiler",
            "span",
            "blockquote",
            "tg-emoji");
    private static final Pattern TAG =
            Pattern.compile("<(/?)([a-zA-Z-]+)((?:\\s+[a-z-]+(?:=\"[^\"]*\"|='[^']*'|=[^\\s>]+)?)*)\\s*>");
    private static final Pattern ENTITY = Pattern.compile("&(lt|gt|amp|quot|#\\d+|#x[0-9a-fA-F]+);");
    private static final String MARKDOWN_V2_RESERVED = "_*[]()~`>#+-=|{}.!";

    private TelegramText() {}

    /** The text users see: markup removed. Throws the Bot API's 400 when Telegram could not parse it. */
    static String visible(String text, String parseMode) {
        if (parseMode == null || parseMode.isEmpty()) {
            return text;
        }
        return switch (parseMode) {
            case "HTML" -> html(text);
            case "MarkdownV2" -> markdownV2(text);
            case "Markdown" -> text.replaceAll("[*_`\\[\\]]", "");
            default -> throw ApiError.badRequest("unsupported parse_mode");
        };
    }

    private static String html(String text) {
        StringBuilder visible = new StringBuilder(text.length());
        Deque<String> open = new ArrayDeque<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '<') {
                Matcher tag = TAG.matcher(text).region(i, text.length());
                if (!tag.lookingAt()) {
                    throw parse("unsupported start tag at byte offset " + i);
                }
                String name = tag.group(2).toLowerCase();
                if (!HTML_TAGS.contains(name)) {
                    throw parse("unsupported start tag \"" + name + "\" at byte offset " + i);
                }
                if (tag.group(1).isEmpty()) {
                    open.push(name);
                } else if (open.isEmpty() || !open.pop().equals(name)) {
                    throw parse("unmatched end tag at byte offset " + i + ", expected \"</"
                            + (open.isEmpty() ? "" : open.peek()) + ">\", found \"</" + name + ">\"");
                }
                i = tag.end();
            } else if (c == '&') {
                Matcher entity = ENTITY.matcher(text).region(i, text.length());
                if (!entity.lookingAt()) {
                    throw parse("unsupported HTML entity at byte offset " + i);
                }
                visible.append(
                        switch (entity.group(1)) {
                            case "lt" -> "<";
                            case "gt" -> ">";
                            case "amp" -> "&";
                            case "quot" -> "\"";
                            default -> "?";
                        });
                i = entity.end();
            } else if (c == '>') {
                throw parse("unexpected end tag at byte offset " + i);
            } else {
                visible.append(c);
                i++;
            }
        }
        if (!open.isEmpty()) {
            throw parse("can't find end tag corresponding to start tag \"" + open.peek() + "\"");
        }
        return visible.toString();
    }

    private static String markdownV2(String text) {
        StringBuilder visible = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                visible.append(text.charAt(++i));
            } else if ("*_~`|[]()".indexOf(c) >= 0) {
                // entity markup, not shown
            } else if (MARKDOWN_V2_RESERVED.indexOf(c) >= 0) {
                throw parse("character '" + c + "' is reserved and must be escaped with the preceding '\\'");
            } else {
                visible.append(c);
            }
        }
        return visible.toString();
    }

    private static ApiError parse(String reason) {
        return ApiError.badRequest("can't parse entities: " + reason);
    }
}
