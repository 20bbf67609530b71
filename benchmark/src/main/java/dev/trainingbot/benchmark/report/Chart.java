package dev.trainingbot.benchmark.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A line chart: named series of (x, y) points against one x axis and up to two y axes (a series on the right axis is
 * drawn dashed), with optional vertical markers (a fault's start and end). Rendered as SVG by {@link SvgChart}.
 */
public final class Chart {

    /** One line. */
    public record Series(String name, boolean rightAxis, List<double[]> points) {}

    /** A vertical line at {@code x}, labelled. */
    public record Marker(double x, String label) {}

    private final String file;
    private final String title;
    private final String xLabel;
    private final String leftLabel;
    private final String rightLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();

    /** A chart saved as {@code file} (an SVG name in the report's folder). */
    public Chart(String file, String title, String xLabel, String leftLabel, String rightLabel) {
        this.file = file;
        this.title = title;
        this.xLabel = xLabel;
        this.leftLabel = leftLabel;
        this.rightLabel = rightLabel;
    }

    public Chart series(String name, boolean rightAxis, List<double[]> points) {
        series.add(new Series(name, rightAxis, List.copyOf(points)));
        return this;
    }

    public Chart marker(double x, String label) {
        markers.add(new Marker(x, label));
        return this;
    }

    public String file() {
        return file;
    }

    public String title() {
        return title;
    }

    public String xLabel() {
        return xLabel;
    }

    public String leftLabel() {
        return leftLabel;
    }

    public String rightLabel() {
        return rightLabel;
    }

    public List<Series> series() {
        return List.copyOf(series);
    }

    public List<Marker> markers() {
        return List.copyOf(markers);
    }
}
