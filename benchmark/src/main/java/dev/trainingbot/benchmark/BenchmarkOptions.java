package dev.trainingbot.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command line of {@code bin/benchmark}.
 *
 * @param scenarios the scenarios to run, in the order given (default: all)
 * @param out the results folder (default {@code results/<date-time>})
 * @param broadcastRate the fleet's bot-wide message rate in the broadcast scenario
 * @param quick shorter runs of every scenario: a smoke test of the harness, not figures to quote
 * @param profile record a Java Flight Recording of every service process into the logs folder
 * @param warmUp how long the fleet the load scenarios share is driven at 300/s before they measure
 * @param aot start the services from AOT caches recorded as the image records its own (JDK 25; default on)
 * @param serviceJvm JVM flags added after the production image's for every service process and its AOT training: a
 *     flag tried against the image's own on the same machine and day
 */
record BenchmarkOptions(
        List<String> scenarios,
        Path out,
        double broadcastRate,
        boolean quick,
        boolean profile,
        Duration warmUp,
        boolean aot,
        List<String> serviceJvm) {

    static final String USAGE = """
            usage: bin/benchmark [--scenarios a,b,...] [--out DIR] [--broadcast-rate N] [--warm-up S] [--quick]
                                 [--profile] [--no-aot] [--service-jvm "FLAGS"]
              --scenarios       which to run, in order (default all): %1$s
              --out             results folder (default results/<date-time>)
              --broadcast-rate  bot-wide messages/s in the broadcast scenario (default 30, the fleet's and Telegram's; 300: a paid-broadcast bot)
              --warm-up         seconds at 300/s that warm the load scenarios' shared fleet (default 40; 0: none)
              --quick           shorter runs, to check the harness (figures not for quoting)
              --profile         a Java Flight Recording of every service process, in DIR/logs/<pid>.jfr
              --no-aot          start the services without the AOT caches the image starts them from (JDK 25)
              --service-jvm     JVM flags for every service after the image's own, e.g. "-XX:TieredStopAtLevel=1"
            """;

    /**
     * Parses {@code args}: {@code known} are the scenarios that can be named, {@code defaults} those run when none
     * are. Throws {@link IllegalArgumentException} naming every problem.
     */
    static BenchmarkOptions parse(String[] args, List<String> known, List<String> defaults) {
        List<String> problems = new ArrayList<>();
        List<String> scenarios = defaults;
        Path out = Path.of("results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        double broadcastRate = 30;
        boolean quick = false;
        boolean profile = false;
        boolean aot = true;
        Duration warmUp = Duration.ofSeconds(40);
        List<String> serviceJvm = List.of();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (arg) {
                case "--quick" -> quick = true;
                case "--profile" -> profile = true;
                case "--no-aot" -> aot = false;
                case "--scenarios", "--out", "--broadcast-rate", "--warm-up", "--service-jvm" -> {
                    if (value == null) {
                        problems.add(arg + " needs a value");
                        continue;
                    }
                    i++;
                    switch (arg) {
                        case "--scenarios" -> {
                            Set<String> chosen = new LinkedHashSet<>(List.of(value.split(",")));
                            chosen.stream()
                                    .filter(s -> !known.contains(s))
                                    .forEach(s -> problems.add("unknown scenario '" + s + "'"));
                            scenarios = List.copyOf(chosen);
                        }
                        case "--out" -> out = Path.of(value);
                        case "--service-jvm" -> {
                            serviceJvm = List.of(value.trim().split("\\s+"));
                            serviceJvm.stream()
                                    .filter(flag -> !flag.startsWith("-"))
                                    .forEach(flag -> problems.add(
                                            "Invalid value " + flag + " for --service-jvm: a JVM flag starts with -"));
                        }
                        case "--warm-up" -> {
                            try {
                                warmUp = Duration.ofSeconds(Long.parseLong(value));
                                if (warmUp.isNegative()) {
                                    problems.add("Invalid value " + value + " for --warm-up: must be >= 0");
                                }
                            } catch (NumberFormatException e) {
                                problems.add("Invalid value " + value + " for --warm-up: not a whole number");
                            }
                        }
                        default -> {
                            try {
                                broadcastRate = Double.parseDouble(value);
                                if (!(broadcastRate > 0)) {
                                    problems.add("Invalid value " + value + " for --broadcast-rate: must be > 0");
                                }
                            } catch (NumberFormatException e) {
                                problems.add("Invalid value " + value + " for --broadcast-rate: not a number");
                            }
                        }
                    }
                }
                default -> problems.add("unknown argument '" + arg + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new BenchmarkOptions(scenarios, out, broadcastRate, quick, profile, warmUp, aot, serviceJvm);
    }
}
