package dev.trainingbot.benchmark.scenario;

import dev.trainingbot.benchmark.infra.Infrastructure;
import dev.trainingbot.benchmark.infra.ScenarioCluster;
import dev.trainingbot.benchmark.metrics.Histogram;
import dev.trainingbot.benchmark.metrics.PrometheusText;
import dev.trainingbot.benchmark.report.Chart;
import dev.trainingbot.benchmark.report.Section;
import dev.trainingbot.benchmark.report.Table;
import dev.trainingbot.common.audit.AuditEvent;
import dev.trainingbot.common.audit.AuditEventCodec;
import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.common.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The audit sink alone: {@code events} audit events (as the workers write them) waiting in {@code tg.audit}, then
 * the audit-consumer started; measures how fast rows reach {@code audit_log}, between 10 % and 90 % of them, so the
 * JVM's start and the last batch's wait do not count.
 */
public final class AuditSinkThroughput implements Scenario {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private final int events;

    public AuditSinkThroughput(int events) {
        this.events = events;
    }

    @Override
    public String name() {
        return "audit-sink";
    }

    @Override
    public Section run(Infrastructure infrastructure) throws Exception {
        try (ScenarioCluster cluster =
                ScenarioCluster.start(infrastructure, name(), new ScenarioCluster.Shape(false, 0, false), Map.of())) {
            produce(cluster);
            long start = System.nanoTime();
            cluster.startAudit();
            List<double[]> rows = new ArrayList<>();
            long count = 0;
            while (count < events && System.nanoTime() - start < TIMEOUT.toNanos()) {
                Thread.sleep(100);
                count = Window.auditRows(cluster);
                rows.add(new double[] {(System.nanoTime() - start) / 1e9, count});
            }
            double rate = rate(rows);
            List<PrometheusText.Sample> metrics =
                    PrometheusText.parse(cluster.audit().scrape());
            Histogram insert = Histogram.of(metrics, "audit_insert_seconds", labels -> true);
            double batches = metrics.stream()
                    .filter(s -> s.name().equals("audit_batch_size_count"))
                    .mapToDouble(PrometheusText.Sample::value)
                    .sum();
            Table table = new Table(
                    "events",
                    "rows written",
                    "rows/s (10–90 %)",
                    "batches",
                    "rows per batch",
                    "insert p50 ms",
                    "insert p99 ms");
            table.row(
                    (long) events,
                    count,
                    rate,
                    (long) batches,
                    batches == 0 ? Double.NaN : count / batches,
                    insert.quantileMillis(0.5),
                    insert.quantileMillis(0.99));
            return new Section(name(), "Audit sink into PostgreSQL")
                    .paragraph(String.format(
                            "%,d audit events in tg.audit (2 partitions) before the audit-consumer starts with its"
                                    + " defaults (batches of up to 1,000, one multi-row insert each, idempotent on"
                                    + " event_id, offsets committed after the database commit).",
                            events))
                    .table(table)
                    .chart(new Chart(
                                    "audit-sink.svg",
                                    "Rows in audit_log after the audit-consumer starts",
                                    "s",
                                    "rows",
                                    "")
                            .series("rows", false, rows))
                    .check(
                            "audit sink ≥ 20,000 events/s into PostgreSQL",
                            String.format("%,.0f/s", rate),
                            rate >= 20_000)
                    .check("every event lands once", count + " of " + events, count == events)
                    .summary(String.format("audit sink: %,.0f rows/s, %,d of %,d events", rate, count, events));
        }
    }

    private void produce(ScenarioCluster cluster) {
        AuditEventCodec codec = new AuditEventCodec();
        String topic = cluster.kafka().topics().audit();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                KafkaClients.producer(cluster.kafka(), "benchmark-audit", Duration.ofSeconds(60)))) {
            Instant now = Instant.now();
            for (int i = 0; i < events; i++) {
                long chat = 1_000_000L + i % 5_000;
                AuditEvent event = AuditEvent.ofUpdate(
                        500_000L + i,
                        "update.callback_query",
                        chat,
                        chat,
                        AuditOutcome.HANDLED,
                        now,
                        900,
                        Map.of("handler", "course.lesson", "section", "general_info"));
                producer.send(new ProducerRecord<>(
                        topic, Long.toString(chat).getBytes(StandardCharsets.US_ASCII), codec.encode(event)));
            }
            producer.flush();
        }
    }

    /** Rows per second between the samples where 10 % and 90 % of the events had landed. */
    private double rate(List<double[]> rows) {
        double[] from = null;
        double[] to = null;
        for (double[] sample : rows) {
            if (from == null && sample[1] >= events * 0.1) {
                from = sample;
            }
            if (to == null && sample[1] >= events * 0.9) {
                to = sample;
            }
        }
        if (from == null || to == null || to[0] <= from[0]) {
            return Double.NaN;
        }
        return (to[1] - from[1]) / (to[0] - from[0]);
    }
}
