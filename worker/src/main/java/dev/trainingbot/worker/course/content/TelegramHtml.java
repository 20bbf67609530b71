package dev.trainingbot.worker.course.content;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
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

    /**
     * What Telegram would refuse in a text, and where: {@code detail} is the offending tag's name or the character
     * position, per {@link Kind}. {@link #describe()} says it in English for operators (content errors); users are
     * told through the message bundles' {@link #messageKey()} texts, with {@code detail} as the argument.
     */
    public record Problem(Kind kind, String detail) {

        /** The kinds of problem, each with its text in the bundles as {@code html.problem.<kind in lower case>}. */
        public enum Kind {
            /** A '<' that starts no valid tag; detail: the character position. */
            UNESCAPED_LT,
            /** A tag Telegram does not support; detail: its name. */
            UNSUPPORTED_TAG,
            /** A closing tag that matches no open one; detail: its name. */
            UNOPENED_CLOSE,
            /** A '>' outside a tag; detail: the character position. */
            UNESCAPED_GT,
            /** A '&' that starts no entity; detail: the character position. */
            UNESCAPED_AMP,
            /** A tag never closed; detail: its name. */
            UNCLOSED,
            /** More visible characters than the limit; detail: the limit. */
            TOO_LONG
        }

        /** The key of the problem's text in the message bundles. */
        public String messageKey() {
            return "html.problem." + kind.name().toLowerCase(Locale.ROOT);
        }

        /** The problem in English, for start-up errors. */
        public String describe() {
            return switch (kind) {
                case UNESCAPED_LT -> "unescaped '<' or malformed tag at character " + detail + " (write &lt;)";
                case UNSUPPORTED_TAG -> "tag <" + detail + "> is not supported by Telegram";
                case UNOPENED_CLOSE -> "</" + detail + "> closes a tag that is not open";
                case UNESCAPED_GT -> "unescaped '>' at character " + detail + " (write &gt;)";
                case UNESCAPED_AMP -> "unescaped '&' at character " + detail + " (write &amp;)";
                case UNCLOSED -> "<" + detail + "> is never closed";
                case TOO_LONG -> "longer than " + detail + " characters";
            };
        }
    }

    /** The problem with {@code html}, or empty when Telegram would accept it. */
    public static Optional<Problem> problem(String html) {
        Deque<String> open = new ArrayDeque<>();
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<') {
                Matcher tag = TAG.matcher(html).region(i, html.length());
                if (!tag.lookingAt()) {
                    return problem(Problem.Kind.UNESCAPED_LT, i);
                }
                String name = tag.group(2);
                if (!TAGS.contains(name)) {
                    return problem(Problem.Kind.UNSUPPORTED_TAG, name);
                }
                if (tag.group(1).isEmpty()) {
                    open.push(name);
                } else if (open.isEmpty() || !open.pop().equals(name)) {
                    return problem(Problem.Kind.UNOPENED_CLOSE, name);
                }
                i = tag.end();
            } else if (c == '>') {
                return problem(Problem.Kind.UNESCAPED_GT, i);
            } else if (c == '&') {
                Matcher entity = ENTITY.matcher(html).region(i, html.length());
                if (!entity.lookingAt()) {
                    return problem(Problem.Kind.UNESCAPED_AMP, i);
                }
                i = entity.end();
            } else {
                i++;
            }
        }
        return open.isEmpty() ? Optional.empty() : problem(Problem.Kind.UNCLOSED, open.peek());
    }

    /** The problem with {@code html} as a message of at most {@code maxLength} visible characters, or empty. */
    public static Optional<Problem> problem(String html, int maxLength) {
        Optional<Problem> problem = problem(html);
        if (problem.isEmpty() && visibleLength(html) > maxLength) {
            return problem(Problem.Kind.TOO_LONG, maxLength);
        }
        return problem;
    }

    private static Optional<Problem> problem(Problem.Kind kind, Object detail) {
        return Optional.of(new Problem(kind, String.valueOf(detail)));
    }

    /** The length of the text as Telegram counts it: tags removed, entities as one character. */
    public static int visibleLength(String html) {
        return ENTITY.matcher(TAG.matcher(html).replaceAll("")).replaceAll("x").length();
    }
}
