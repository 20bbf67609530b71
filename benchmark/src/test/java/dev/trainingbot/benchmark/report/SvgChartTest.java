package dev.trainingbot.benchmark.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvgChartTest {

    @Test
    void ticksAreRoundNumbersCoveringTheRange() {
        assertThat(SvgChart.ticks(0, 3_150)).containsExactly(0, 500, 1_000, 1_500, 2_000, 2_500, 3_000);
        assertThat(SvgChart.ticks(0, 1)).containsExactly(0, 0.2, 0.4, 0.6000000000000001, 0.8, 1);
    }

    @Test
    void aChartHasItsSeriesLegendMarkersAndEscapedText() {
        Chart chart = new Chart("x.svg", "Ramp <2 workers> & more", "target/s", "answered/s", "p99 ms")
                .series("answered/s", false, List.of(new double[] {500, 498}, new double[] {1_000, 990}))
                .series("p99 ms", true, List.of(new double[] {500, 12}, new double[] {1_000, Double.NaN}))
                .marker(750, "fault");
        String svg = SvgChart.render(chart);

        assertThat(svg).startsWith("<svg").endsWith("</svg>\n");
        assertThat(svg).contains("Ramp &lt;2 workers&gt; &amp; more");
        assertThat(svg)
                .contains(">answered/s</text>")
                .contains(">p99 ms</text>")
                .contains(">fault</text>");
        assertThat(svg.split("<path ", -1)).hasSize(3);
        assertThat(svg).contains("stroke-dasharray=\"6 4\"");
    }

    @Test
    void tablesFormatNumbersForReaders() {
        Table table = new Table("a", "b", "c", "d", "e").row(Double.NaN, 12_345.6, 3.14159, 0.0123, 1_234L);

        assertThat(table.markdown()).contains("| — | 12,346 | 3.14 | 0.012 | 1,234 |");
    }
}
