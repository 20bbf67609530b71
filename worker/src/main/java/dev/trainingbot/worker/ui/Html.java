package dev.trainingbot.worker.ui;

/** Escapes text for Telegram's HTML parse mode, where only {@code <}, {@code >} and {@code &} are special. */
public final class Html {

    private Html() {}

    public static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
