package dev.trainingbot.fleet;

import dev.trainingbot.audit.AuditConsumer;
import dev.trainingbot.audit.AuditConsumerConfig;
import dev.trainingbot.common.config.Env;
import dev.trainingbot.common.metrics.Metrics;
import dev.trainingbot.ingress.Ingress;
import dev.trainingbot.ingress.IngressConfig;
import dev.trainingbot.worker.Worker;
import dev.trainingbot.worker.WorkerConfig;
import dev.trainingbot.worker.route.RouteExtension;
import java.time.Clock;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fleet's services in one process, each wired exactly as its own {@code main} wires it, from one environment:
 * the audit-consumer, N workers and the ingress. Workers can be added, stopped and halted while it runs, as an
 * operator scales replicas or a node dies. Used by the local runner and the end-to-end tests.
 */
public final class Fleet implements AutoCloseable {

    private final Env env;
    private final RouteExtension routes;
    private final Clock clock;
    private final AuditConsumer audit;
    private final List<Worker> workers = new ArrayList<>();
    private Ingress ingress;

    private Fleet(Env env, RouteExtension routes, Clock clock, AuditConsumer audit) {
        this.env = env;
        this.routes = routes;
        this.clock = clock;
        this.audit = audit;
    }

    /** Starts the audit-consumer, {@code workerCount} workers, then the ingress. */
    public static Fleet start(Env env, int workerCount) throws Exception {
        return start(env, workerCount, RouteExtension.NONE);
    }

    /** As {@link #start(Env, int)}, with the workers' route table changed by {@code routes}. */
    public static Fleet start(Env env, int workerCount, RouteExtension routes) throws Exception {
        return start(env, workerCount, routes, Clock.systemUTC());
    }

    /** As {@link #start(Env, int, RouteExtension)}, with the ingress stamping arrivals from {@code ingressClock}. */
    public static Fleet start(Env env, int workerCount, RouteExtension routes, InstantSource ingressClock)
            throws Exception {
        return start(env, workerCount, routes, ingressClock, Clock.systemUTC());
    }

    /**
     * As {@link #start(Env, int, RouteExtension, InstantSource)}, with the workers on {@code workerClock}: what they
     * record and when reminders fall due follow it (a test's, to move days on).
     */
    public static Fleet start(
            Env env, int workerCount, RouteExtension routes, InstantSource ingressClock, Clock workerClock)
            throws Exception {
        AuditConsumer audit = AuditConsumer.start(
                AuditConsumerConfig.from(env.with(Map.of("HTTP_PORT", "0"))), Metrics.prometheus("audit-consumer"));
        Fleet fleet = new Fleet(env, routes, workerClock, audit);
        try {
            for (int i = 0; i < workerCount; i++) {
                fleet.addWorker();
            }
            fleet.ingress = Ingress.start(IngressConfig.from(env), Metrics.prometheus("ingress"), ingressClock);
            return fleet;
        } catch (Exception | Error e) {
            fleet.close();
            throw e;
        }
    }

    /** Starts one more worker replica; it joins the consumer group. */
    public Worker addWorker() throws Exception {
        Worker worker = Worker.start(
                WorkerConfig.from(env.with(Map.of("HTTP_PORT", "0"))), Metrics.prometheus("worker"), routes, clock);
        synchronized (workers) {
            workers.add(worker);
        }
        return worker;
    }

    public List<Worker> workers() {
        synchronized (workers) {
            return List.copyOf(workers);
        }
    }

    public Ingress ingress() {
        return ingress;
    }

    public AuditConsumer audit() {
        return audit;
    }

    /** Stops a worker gracefully: it drains, commits and leaves the group. */
    public void stopWorker(Worker worker) {
        remove(worker);
        worker.close();
    }

    /** Stops a worker as a crash would: nothing more is handled or committed. */
    public void haltWorker(Worker worker) {
        remove(worker);
        worker.halt();
    }

    private void remove(Worker worker) {
        synchronized (workers) {
            workers.remove(worker);
        }
    }

    /** Stops the ingress first, so no update arrives that no worker will take, then the workers, then the audit. */
    @Override
    public void close() {
        if (ingress != null) {
            ingress.close();
        }
        for (Worker worker : workers()) {
            stopWorker(worker);
        }
        audit.close();
    }
}
