package dev.trainingbot.benchmark.report;

import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link Chart} as a self-contained SVG line chart: axes with round ticks, one colour per series (dashed on
 * the right axis), a legend, and the markers. No fonts or scripts beyond what every browser and GitHub show.
 */
public final class SvgChart {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 70;
    private static final int TOP = 40;
    private static final int BOTTOM = 80;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};

    private SvgChart() {}

    public static String render(Chart chart) {
        double[] x = range(chart.series(), 0, null);
        double[] left = range(chart.series(), 1, false);
        double[] right = range(chart.series(), 1, true);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" font-size=\"12\">\n",
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(svg, WIDTH / 2.0, 22, "middle", 15, escape(chart.title()));
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        svg.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>\n",
                LEFT,
                TOP,
                plotWidth,
                plotHeight));
        for (double tick : ticks(x[0], x[1])) {
            double px = LEFT + scale(tick, x, plotWidth);
            line(svg, px, TOP + plotHeight, px, TOP + plotHeight + 5, "#999", false);
            text(svg, px, TOP + plotHeight + 18, "middle", 11, number(tick));
        }
        for (double tick : ticks(left[0], left[1])) {
            double py = TOP + plotHeight - scale(tick, left, plotHeight);
            line(svg, LEFT, py, LEFT + plotWidth, py, "#eee", false);
            text(svg, LEFT - 6, py + 4, "end", 11, number(tick));
        }
        if (chart.series().stream().anyMatch(Chart.Series::rightAxis)) {
            for (double tick : ticks(right[0], right[1])) {
                double py = TOP + plotHeight - scale(tick, right, plotHeight);
                text(svg, LEFT + plotWidth + 6, py + 4, "start", 11, number(tick));
            }
            text(svg, WIDTH - 14, TOP + plotHeight / 2.0, "middle", 12, escape(chart.rightLabel()), true);
        }
        text(svg, LEFT + plotWidth / 2.0, TOP + plotHeight + 38, "middle", 12, escape(chart.xLabel()));
        text(svg, 16, TOP + plotHeight / 2.0, "middle", 12, escape(chart.leftLabel()), true);
        for (Chart.Marker marker : chart.markers()) {
            double px = LEFT + scale(marker.x(), x, plotWidth);
            line(svg, px, TOP, px, TOP + plotHeight, "#888", true);
            text(svg, px + 3, TOP + 12, "start", 11, escape(marker.label()));
        }
        int index = 0;
        double legendX = LEFT;
        for (Chart.Series series : chart.series()) {
            String colour = COLOURS[index % COLOURS.length];
            double[] y = series.rightAxis() ? right : left;
            StringBuilder path = new StringBuilder();
            for (double[] point : series.points()) {
                if (Double.isNaN(point[1])) {
                    continue;
                }
                path.append(path.isEmpty() ? "M" : " L")
                        .append(String.format(
                                Locale.ROOT,
                                "%.1f %.1f",
                                LEFT + scale(point[0], x, plotWidth),
                                TOP + plotHeight - scale(point[1], y, plotHeight)));
            }
            svg.append(String.format(
                    Locale.ROOT,
                    "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>\n",
                    path,
                    colour,
                    series.rightAxis() ? " stroke-dasharray=\"6 4\"" : ""));
            double lx = legendX;
            // About 7 px a character at 12 px: the next entry starts after this one's text.
            legendX += 30 + series.name().length() * 7.0 + 24;
            double ly = HEIGHT - 18;
            line(svg, lx, ly - 4, lx + 24, ly - 4, colour, series.rightAxis());
            text(svg, lx + 30, ly, "start", 12, escape(series.name()));
            index++;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** {min, max} of coordinate {@code axis} over the series on the right axis ({@code right}), or all (null). */
    private static double[] range(List<Chart.Series> series, int axis, Boolean right) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Chart.Series s : series) {
            if (right != null && s.rightAxis() != right) {
                continue;
            }
            for (double[] point : s.points()) {
                if (!Double.isNaN(point[axis]) && !Double.isInfinite(point[axis])) {
                    min = Math.min(min, point[axis]);
                    max = Math.max(max, point[axis]);
                }
            }
        }
        if (min > max) {
            return new double[] {0, 1};
        }
        if (axis == 1) {
            min = Math.min(0, min);
        }
        return max == min ? new double[] {min, min + 1} : new double[] {min, max * (axis == 1 ? 1.05 : 1)};
    }

    private static double scale(double value, double[] range, int pixels) {
        return (value - range[0]) / (range[1] - range[0]) * pixels;
    }

    /** Round ticks (1, 2 or 5 times a power of ten) covering {@code [min, max]}, five or so. */
    static double[] ticks(double min, double max) {
        double raw = (max - min) / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude * (raw / magnitude >= 5 ? 5 : raw / magnitude >= 2 ? 2 : 1);
        double first = Math.ceil(min / step) * step;
        int count = (int) Math.floor((max - first) / step) + 1;
        double[] ticks = new double[Math.max(0, count)];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = first + i * step;
        }
        return ticks;
    }

    private static String number(double value) {
        return Math.abs(value - Math.rint(value)) < 1e-9
                ? String.format(Locale.ROOT, "%,d", (long) Math.rint(value))
                : String.format(Locale.ROOT, "%.2f", value);
    }

    private static void line(
            StringBuilder svg, double x1, double y1, double x2, double y2, String colour, boolean dashed) {
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>\n",
                x1,
                y1,
                x2,
                y2,
                colour,
                dashed ? " stroke-dasharray=\"4 3\"" : ""));
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, int size, String text) {
        text(svg, x, y, anchor, size, text, false);
    }

    private static void text(
            StringBuilder svg, double x, double y, String anchor, int size, String text, boolean vertical) {
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\"%s>%s</text>\n",
                x,
                y,
                anchor,
                size,
                vertical ? String.format(Locale.ROOT, " transform=\"rotate(-90 %.1f %.1f)\"", x, y) : "",
                text));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
