package dev.trainingbot.benchmark.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A scenario's part of the report: what it did, its tables and charts in order, how it compares with DESIGN.md's
 * targets, and the one line the console summary prints.
 */
public final class Section {

    /** A target of DESIGN.md and what this run measured against it. */
    public record Check(String target, String measured, boolean met) {}

    private final String name;
    private final String title;
    // Paragraphs (String), tables and charts, in the order the report shows them.
    private final List<Object> blocks = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();
    private String summary = "";

    public Section(String name, String title) {
        this.name = name;
        this.title = title;
    }

    public Section paragraph(String text) {
        blocks.add(text);
        return this;
    }

    public Section table(Table table) {
        blocks.add(table);
        return this;
    }

    public Section chart(Chart chart) {
        blocks.add(chart);
        return this;
    }

    public Section check(String target, String measured, boolean met) {
        checks.add(new Check(target, measured, met));
        return this;
    }

    public Section summary(String line) {
        this.summary = line;
        return this;
    }

    public String name() {
        return name;
    }

    public String title() {
        return title;
    }

    /** The paragraphs ({@link String}), {@link Table}s and {@link Chart}s, in order. */
    public List<Object> blocks() {
        return List.copyOf(blocks);
    }

    public List<Check> checks() {
        return List.copyOf(checks);
    }

    public String summary() {
        return summary;
    }
}
