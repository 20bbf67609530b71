package dev.trainingbot.benchmark.metrics;

/**
 * One line of {@code /proc/<pid>/stat} or {@code /proc/<pid>/task/<tid>/stat}: the command (in parentheses, which it
 * may itself contain) and the CPU time, in clock ticks of 10 ms (Linux's {@code USER_HZ}).
 *
 * @param command the process's or thread's name, as the kernel keeps it (up to 15 characters)
 * @param cpuTicks utime + stime
 */
record ProcStat(String command, long cpuTicks) {

    static final double CLOCK_TICK_NANOS = 1e9 / 100;

    /** Parses {@code line}; throws a {@link RuntimeException} for one that is not a stat line. */
    static ProcStat parse(String line) {
        int close = line.lastIndexOf(')');
        String command = line.substring(line.indexOf('(') + 1, close);
        String[] fields = line.substring(close + 2).split(" ");
        // After the command: state(0) ... utime(11) stime(12), per proc(5).
        return new ProcStat(command, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
    }
}
