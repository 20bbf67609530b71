package dev.trainingbot.fleet.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code .dockerignore} as Docker applies it to the build context: patterns in order, the last that matches a path or
 * one of its parent directories decides, {@code !} re-includes; {@code *} stays within a directory, {@code **} spans
 * any number of them.
 */
final class DockerIgnore {

    static final String PATH = ".dockerignore";

    private record Rule(PathMatcher matcher, boolean include) {}

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    static DockerIgnore load() {
        List<Rule> rules = new ArrayList<>();
        for (String raw : Repository.read(PATH).split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean include = line.startsWith("!");
            String pattern = (include ? line.substring(1) : line).strip();
            pattern = pattern.replaceAll("^/+", "").replaceAll("/+$", "");
            rules.add(new Rule(FileSystems.getDefault().getPathMatcher("glob:" + pattern), include));
        }
        return new DockerIgnore(List.copyOf(rules));
    }

    /** Whether the file at {@code relative} (to the context's root) reaches the builder. */
    boolean sends(Path relative) {
        boolean excluded = false;
        for (Rule rule : rules) {
            for (Path candidate = relative; candidate != null; candidate = candidate.getParent()) {
                if (rule.matcher().matches(candidate)) {
                    excluded = !rule.include();
                    break;
                }
            }
        }
        return !excluded;
    }

    /** The files of the build context under {@code root}'s {@code source} (a file or a directory), relative to root. */
    List<Path> context(Path root, String source) {
        Path start = root.resolve(source).normalize();
        if (!Files.exists(start)) {
            throw new AssertionError(Dockerfile.PATH + " copies " + source + ", which does not exist");
        }
        try (Stream<Path> files = Files.walk(start)) {
            return files.filter(Files::isRegularFile)
                    .map(root::relativize)
                    .filter(relative -> !relative.startsWith(".git"))
                    .filter(this::sends)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
