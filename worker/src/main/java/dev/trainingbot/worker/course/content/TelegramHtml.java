package dev.trainingbot.worker.course.content;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks text for Telegram's HTML parse mode as Telegram would: only its tags, properly nested, and {@code <},
 * {@code >}, {@code &} escaped elsewhere. Content is checked at start-up so that a typo is a start-up error naming the
 * lesson, not a "can't parse entities" answer to a user.
 */
public final class TelegramHtml {

    private static final Set<String> TAGS = Set.of(
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
    private static final Pattern TAG = Pattern.compile("<(/?)([a-z-]+)((?:\\s+[a-z-]+=\"[^\"<>]*\")*)\\s*>");
    private static final Pattern ENTITY = Pattern.compile("&(lt|gt|amp|quot|#\\d+|#x[0-9a-fA-F]+);");

    private TelegramHtml() {}

    /** The problem with {@code html}, or empty when Telegram would accept it. */
    public static Optional<String> problem(String html) {
        Deque<String> open = new ArrayDeque<>();
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<') {
                Matcher tag = TAG.matcher(html).region(i, html.length());
                if (!tag.lookingAt()) {
                    return Optional.of("unescaped '<' or malformed tag at character " + i + " (write &lt;)");
                }
                String name = tag.group(2);
                if (!TAGS.contains(name)) {
                    return Optional.of("tag <" + name + "> is not supported by Telegram");
                }
                if (tag.group(1).isEmpty()) {
                    open.push(name);
                } else if (open.isEmpty() || !open.pop().equals(name)) {
                    return Optional.of("</" + name + "> closes a tag that is not open");
                }
                i = tag.end();
            } else if (c == '>') {
                return Optional.of("unescaped '>' at character " + i + " (write &gt;)");
            } else if (c == '&') {
                Matcher entity = ENTITY.matcher(html).region(i, html.length());
                if (!entity.lookingAt()) {
                    return Optional.of("unescaped '&' at character " + i + " (write &amp;)");
                }
                i = entity.end();
            } else {
                i++;
            }
        }
        return open.isEmpty() ? Optional.empty() : Optional.of("<" + open.peek() + "> is never closed");
    }

    /** The length of the text as Telegram counts it: tags removed, entities as one character. */
    public static int visibleLength(String html) {
        return ENTITY.matcher(TAG.matcher(html).replaceAll("")).replaceAll("x").length();
    }
}
