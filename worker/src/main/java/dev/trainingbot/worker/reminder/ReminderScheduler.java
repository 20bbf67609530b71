package dev.trainingbot.worker.reminder;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.stats.MicrometerStatsRegistry;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import javax.sql.DataSource;

/**
 * Runs the {@link ReminderScan} on db-scheduler: one recurring task, {@value #TASK}, in PostgreSQL's
 * {@code scheduled_tasks}, which every worker's scheduler polls and which only one of them picks each time (a version
 * check on the row), so the scan runs on one worker of the fleet at a time, every {@code REMINDER_SCAN_INTERVAL_SECONDS}
 * after the last one ended. A worker that dies mid-scan stops its heartbeats; after {@value #MISSED_HEARTBEATS} missed
 * ones ({@link #HEARTBEAT} apart) another worker revives the scan. Time is the worker's clock (tests move it), so the
 * scan's due time and the reminders' due times agree.
 *
 * <p>Costs: each worker polls the table every {@link #POLLING} (one query); the scan's own queries are the
 * {@link ReminderScan}'s.
 */
final class ReminderScheduler implements AutoCloseable {

    static final String TASK = "reminder-scan";
    static final Duration POLLING = Duration.ofSeconds(5);
    static final Duration HEARTBEAT = Duration.ofSeconds(30);
    static final int MISSED_HEARTBEATS = 6;

    private final Scheduler scheduler;

    ReminderScheduler(
            DataSource database,
            ReminderScan scan,
            ReminderSettings settings,
            InstantSource clock,
            String instance,
            MeterRegistry metrics) {
        RecurringTask<Void> task = Tasks.recurring(TASK, FixedDelay.of(settings.scanInterval()))
                .onDeadExecutionRevive()
                .execute((execution, context) -> {
                    try {
                        scan.run(clock.instant());
                    } catch (Exception e) {
                        // db-scheduler logs the failure and runs the scan again at its next time.
                        throw new IllegalStateException("reminder scan failed: " + e.getMessage(), e);
                    }
                });
        this.scheduler = Scheduler.create(database)
                .startTasks(task)
                .clock(clock::instant)
                .schedulerName(new SchedulerName.Fixed(instance))
                .threads(1)
                .pollingInterval(POLLING)
                .heartbeatInterval(HEARTBEAT)
                .missedHeartbeatsLimit(MISSED_HEARTBEATS)
                .shutdownMaxWait(Duration.ofSeconds(10))
                .statsRegistry(new MicrometerStatsRegistry(metrics, List.of(task)))
                .build();
    }

    void start() {
        scheduler.start();
    }

    /** Stops polling and waits up to ten seconds for a scan in progress; one cut short is revived elsewhere. */
    @Override
    public void close() {
        scheduler.stop();
    }
}
