package dev.trainingbot.benchmark.scenario;

import dev.trainingbot.benchmark.infra.Infrastructure;
import dev.trainingbot.benchmark.load.VirtualUsers;
import dev.trainingbot.benchmark.report.Section;
import dev.trainingbot.benchmark.report.Table;
import java.time.Duration;

/**
 * Steady load on the warm fleet of {@code workers} workers: users walking the course at {@code rate} presses a second.
 * Measures end-to-end and ingress latency, the pipeline's own time per stage, and what each process used per answered
 * update; checks the latency target given and, where one is given, the CPU per update. At a light rate it shows what
 * an update costs when it need not wait for a core.
 */
public final class SteadyLoad implements Scenario {

    private final String name;
    private final String title;
    private final LoadFleets fleets;
    private final double rate;
    private final Duration duration;
    private final int workers;
    private final double p99TargetMillis;
    private final double cpuTargetMillis;

    /**
     * @param p99TargetMillis the end-to-end p99 to check
     * @param cpuTargetMillis the CPU per answered update of the fleet, broker, Redis and PostgreSQL to check; NaN for
     *     none
     */
    public SteadyLoad(
            String name,
            String title,
            LoadFleets fleets,
            double rate,
            Duration duration,
            int workers,
            double p99TargetMillis,
            double cpuTargetMillis) {
        this.name = name;
        this.title = title;
        this.fleets = fleets;
        this.rate = rate;
        this.duration = duration;
        this.workers = workers;
        this.p99TargetMillis = p99TargetMillis;
        this.cpuTargetMillis = cpuTargetMillis;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean sharesTheLoadFleet() {
        return true;
    }

    @Override
    public Section run(Infrastructure infrastructure) throws Exception {
        LoadFleets.LoadFleet fleet = fleets.obtain(infrastructure, workers);
        VirtualUsers users = fleet.usersFor(rate, Duration.ofMillis(200));
        CourseLoad.warmUp(users, rate, Duration.ofSeconds(5));
        LoadFigures f = CourseLoad.measure(fleet.cluster(), users, rate, duration);
        Table load = CourseLoad.loadTable("workers");
        CourseLoad.loadRow(load, workers, f);
        double own50 = f.pipelineOwn().quantileMillis(0.5);
        double own99 = f.pipelineOwn().quantileMillis(0.99);
        double cpu = CourseLoad.fleetCpuMillisPerUpdate(f);
        Section section = new Section(name(), title)
                .paragraph(String.format(
                        "%,d users walk the course (sections, lessons, quizzes, progress), each pressing a button of"
                                + " the bot's last message at most every %.1f s, %,.0f presses a second in all, for %d"
                                + " s, on a fleet warmed up for %d s. %d worker(s), ingress, audit-consumer, broker"
                                + " and Redis are processes of their own; the emulator and the users run in the"
                                + " benchmark's JVM, on the same two cores.",
                        users.size(),
                        CourseLoad.MIN_GAP.toMillis() / 1000.0,
                        rate,
                        duration.toSeconds(),
                        fleets.warmUp().toSeconds(),
                        workers))
                .table(load)
                .table(CourseLoad.stageTable(f))
                .table(CourseLoad.resourceTable(f))
                .check("worker pipeline without the Telegram call: p50 ≤ 0.5 ms", CourseLoad.ms(own50), own50 <= 0.5)
                .check("worker pipeline without the Telegram call: p99 ≤ 3 ms", CourseLoad.ms(own99), own99 <= 3)
                .check(
                        String.format(
                                "webhook → reply at the Bot API: p99 ≤ %.0f ms (here at %,.0f updates/s, %d worker(s))",
                                p99TargetMillis, rate, workers),
                        CourseLoad.ms(f.endToEnd().p99()),
                        f.endToEnd().p99() <= p99TargetMillis)
                .check("zero Telegram 429s", Long.toString(f.tooManyRequests()), f.tooManyRequests() == 0)
                .check("every update answered", f.timedOut() + " timed out", f.timedOut() == 0)
                .summary(String.format(
                        "%s %,.0f/s: answered %,.0f/s, e2e p50 %.1f ms p99 %.1f ms, pipeline own p50 %.2f ms"
                                + " p99 %.2f ms, ack p99 %.1f ms, fleet CPU %.2f ms/update (JIT %.2f),"
                                + " machine %.0f %% busy",
                        name,
                        rate,
                        f.answeredPerSecond(),
                        f.endToEnd().p50(),
                        f.endToEnd().p99(),
                        own50,
                        own99,
                        f.acknowledgement().p99(),
                        cpu,
                        CourseLoad.fleetCompilerMillisPerUpdate(f),
                        f.resources().machineBusy() * 100));
        if (!Double.isNaN(cpuTargetMillis)) {
            section.check(
                    String.format(
                            "CPU per answered update, fleet + broker + Redis + PostgreSQL: ≤ %.1f ms (at %,.0f/s)",
                            cpuTargetMillis, rate),
                    String.format("%.2f ms", cpu),
                    cpu <= cpuTargetMillis);
        }
        return section;
    }
}
