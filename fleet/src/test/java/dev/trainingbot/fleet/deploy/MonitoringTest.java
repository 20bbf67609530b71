package dev.trainingbot.fleet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the Grafana dashboard query metrics the fleet really publishes, cover the same signals, link
 * runbook sections that exist, and reach Prometheus both in Compose and on Kubernetes.
 */
class MonitoringTest {

    private static final String ALERTS = "monitoring/alerts.yml";
    private static final String DASHBOARD = "monitoring/grafana/dashboards/trainingbot.json";
    private static final String RUNBOOK = "docs/operations.md";

    private static List<JsonNode> rules() {
        List<JsonNode> rules = new ArrayList<>();
        Repository.yaml(ALERTS)
                .path("groups")
                .forEach(group -> group.path("rules").forEach(rules::add));
        return rules;
    }

    private static List<String> dashboardExpressions() {
        List<String> expressions = new ArrayList<>();
        Repository.json(DASHBOARD)
                .path("panels")
                .forEach(panel -> panel.path("targets")
                        .forEach(target -> expressions.add(target.path("expr").asText())));
        return expressions;
    }

    private static Set<String> metricsOf(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        expressions.forEach(e -> names.addAll(PromQl.metricNames(e)));
        return names;
    }

    @Test
    void alertsQueryMetricsTheFleetPublishes() {
        Set<String> used =
                metricsOf(rules().stream().map(r -> r.path("expr").asText()).toList());

        assertThat(used).isNotEmpty().isSubsetOf(FleetMetrics.all());
    }

    @Test
    void dashboardQueriesMetricsTheFleetPublishes() {
        Set<String> used = metricsOf(dashboardExpressions());

        assertThat(used).isNotEmpty().isSubsetOf(FleetMetrics.all());
    }

    @Test
    void dashboardShowsEverySignalAnAlertFiresOn() {
        Set<String> alerted =
                metricsOf(rules().stream().map(r -> r.path("expr").asText()).toList());

        assertThat(metricsOf(dashboardExpressions())).containsAll(alerted);
    }

    @Test
    void alertsCoverTheFailuresOperatorsAskedFor() {
        Set<String> alerted =
                metricsOf(rules().stream().map(r -> r.path("expr").asText()).toList());

        assertThat(alerted)
                .contains(
                        "redis_up",
                        "pg_up",
                        "kafka_consumer_connection_count",
                        "kafka_consumer_fetch_manager_records_lag",
                        "worker_dead_letters_total",
                        "kafka_topic_partition_current_offset",
                        "worker_retries_total",
                        "worker_handler_seconds_bucket",
                        "telegram_calls_total",
                        "audit_database_available");
    }

    @Test
    void everyAlertHasASeverityASummaryAndARunbookSectionThatExists() {
        Set<String> anchors = runbookAnchors();

        assertThat(rules()).isNotEmpty().allSatisfy(rule -> {
            String name = rule.path("alert").asText();
            assertThat(name).startsWith("Trainingbot");
            assertThat(rule.path("labels").path("severity").asText()).as(name).isIn("critical", "warning");
            assertThat(rule.path("annotations").path("summary").asText())
                    .as(name)
                    .isNotBlank();
            String runbook = rule.path("annotations").path("runbook").asText();
            assertThat(runbook).as(name).startsWith(RUNBOOK + "#");
            assertThat(anchors).as("%s links %s", name, runbook).contains(runbook.substring(runbook.indexOf('#') + 1));
        });
    }

    @Test
    void prometheusOperatorRuleCarriesTheSameAlerts() {
        JsonNode rule = Repository.yaml("k8s/components/monitoring/prometheusrule.yaml");

        assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(rule.path("spec").path("groups"))
                .isEqualTo(Repository.yaml(ALERTS).path("groups"));
    }

    @Test
    void composePrometheusLoadsTheRulesAndScrapesEveryService() {
        JsonNode prometheus = ComposeFile.load().service("prometheus");
        JsonNode config = Repository.yaml("monitoring/prometheus.yml");
        String mounted = StreamSupport.stream(prometheus.path("volumes").spliterator(), false)
                .map(JsonNode::asText)
                .filter(v -> v.startsWith("./" + ALERTS + ":"))
                .map(v -> v.split(":")[1])
                .findFirst()
                .orElseThrow(() -> new AssertionError("the Compose Prometheus does not mount " + ALERTS));

        assertThat(config.path("rule_files")).extracting(JsonNode::asText).containsExactly(mounted);
        List<String> jobs = new ArrayList<>();
        config.path("scrape_configs")
                .forEach(job -> jobs.add(job.path("job_name").asText()));
        for (FleetService service : FleetService.values()) {
            assertThat(jobs).contains(service.id());
        }
    }

    /** The anchors GitHub gives the runbook's headings: lower case, punctuation dropped, spaces to hyphens. */
    private static Set<String> runbookAnchors() {
        Set<String> anchors = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*$").matcher(Repository.read(RUNBOOK));
        while (m.find()) {
            anchors.add(m.group(1)
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-'));
        }
        return anchors;
    }
}
