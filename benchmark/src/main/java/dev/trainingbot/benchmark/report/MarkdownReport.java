package dev.trainingbot.benchmark.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a run's report: {@code report.md} with the run's context, the targets of DESIGN.md against what was
 * measured, and each scenario's section, plus one SVG file per chart beside it.
 */
public final class MarkdownReport {

    private MarkdownReport() {}

    /** Writes the report into {@code folder}; returns the path of {@code report.md}. */
    public static Path write(Path folder, String heading, List<String> context, List<Section> sections)
            throws IOException {
        Files.createDirectories(folder);
        StringBuilder md = new StringBuilder();
        md.append("# ").append(heading).append("\n\n");
        for (String line : context) {
            md.append("- ").append(line).append('\n');
        }
        md.append('\n');
        Table targets = new Table("scenario", "target (DESIGN.md)", "measured", "met");
        for (Section section : sections) {
            for (Section.Check check : section.checks()) {
                targets.row(section.name(), check.target(), check.measured(), check.met() ? "yes" : "**no**");
            }
        }
        if (!targets.rows().isEmpty()) {
            md.append("## Targets\n\n").append(targets.markdown()).append('\n');
        }
        for (Section section : sections) {
            md.append("## ")
                    .append(section.title())
                    .append(" (`")
                    .append(section.name())
                    .append("`)\n\n");
            for (Object block : section.blocks()) {
                switch (block) {
                    case Table table -> md.append(table.markdown()).append('\n');
                    case Chart chart -> {
                        Files.writeString(folder.resolve(chart.file()), SvgChart.render(chart));
                        md.append("![")
                                .append(chart.title())
                                .append("](")
                                .append(chart.file())
                                .append(")\n\n");
                    }
                    default -> md.append(block).append("\n\n");
                }
            }
        }
        Path report = folder.resolve("report.md");
        Files.writeString(report, md.toString());
        return report;
    }
}
