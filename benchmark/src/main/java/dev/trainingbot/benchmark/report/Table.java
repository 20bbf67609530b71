package dev.trainingbot.benchmark.report;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table: a header and rows of cells. */
public final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... header) {
        this.header = List.of(header);
    }

    public Table row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException(
                    "a row of " + cells.length + " cells in a table of " + header.size() + " columns " + header);
        }
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(format(cell));
        }
        rows.add(row);
        return this;
    }

    public List<List<String>> rows() {
        return List.copyOf(rows);
    }

    public String markdown() {
        StringBuilder text = new StringBuilder();
        text.append("| ").append(String.join(" | ", header)).append(" |\n");
        text.append("|").append("---|".repeat(header.size())).append('\n');
        for (List<String> row : rows) {
            text.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return text.toString();
    }

    /** Numbers as a reader wants them: NaN as "—", large ones with separators, small ones with 2 significant decimals. */
    static String format(Object cell) {
        if (cell instanceof Double d) {
            if (d.isNaN()) {
                return "—";
            }
            double a = Math.abs(d);
            if (a >= 100) {
                return String.format("%,.0f", d);
            }
            if (a >= 10) {
                return String.format("%.1f", d);
            }
            if (a >= 0.1 || a == 0) {
                return String.format("%.2f", d);
            }
            return String.format("%.3f", d);
        }
        if (cell instanceof Long || cell instanceof Integer) {
            return String.format("%,d", ((Number) cell).longValue());
        }
        return String.valueOf(cell);
    }
}
