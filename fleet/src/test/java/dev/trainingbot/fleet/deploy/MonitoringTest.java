package dev.trainingbot.fleet.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules and the Grafana dashboard query metrics the fleet really publishes, cover the same signals, link
 * runbook sections that exist, pass Prometheus's own checks and their unit tests ({@code promtool}), and reach the
 * admins: Prometheus sends them to an Alertmanager whose configuration {@code amtool} accepts, with the Telegram chat
 * of .env, in Compose and on Kubernetes.
 */
class MonitoringTest {

    private static final String ALERTS = "monitoring/alerts.yml";
    private static final String DASHBOARD = "monitoring/grafana/dashboards/trainingbot.json";
    private static final String RUNBOOK = "docs/operations.md";
    private static final String PROMETHEUS = "monitoring/prometheus.yml";
    private static final String RULE_TESTS = "monitoring/tests";
    private static final String ALERTMANAGER_DIR = "monitoring/alertmanager";

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
        JsonNode config = Repository.yaml(PROMETHEUS);
        Map<String, String> mounts = mounts(prometheus);
        Path configFile = Path.of(mounts.get("./" + PROMETHEUS));

        assertThat(config.path("rule_files"))
                .extracting(rule -> configFile.resolveSibling(rule.asText()).toString())
                .containsExactly(mounts.get("./" + ALERTS));
        List<String> jobs = new ArrayList<>();
        config.path("scrape_configs")
                .forEach(job -> jobs.add(job.path("job_name").asText()));
        for (FleetService service : FleetService.values()) {
            assertThat(jobs).contains(service.id());
        }
    }

    @Test
    void prometheusAcceptsItsConfigurationAndEveryRuleOfTheAlertsFile() {
        ExternalTool promtool = ExternalTool.promtool();

        promtool.run(List.of("check", "config", PROMETHEUS), Map.of());
        promtool.run(List.of("check", "rules", ALERTS), Map.of());
    }

    @Test
    void everyUnitTestOfTheAlertRulesPasses() throws IOException {
        List<String> testFiles;
        try (Stream<Path> files = Files.list(Repository.file(RULE_TESTS))) {
            testFiles = files.map(f -> Repository.ROOT.relativize(f).toString())
                    .filter(f -> f.endsWith(".yml"))
                    .sorted()
                    .toList();
        }
        assertThat(testFiles).isNotEmpty();
        List<String> arguments = new ArrayList<>(List.of("test", "rules"));
        arguments.addAll(testFiles);

        ExternalTool.promtool().run(arguments, Map.of());
    }

    @Test
    void theAlertsOnLostUpdatesDeadLettersTheAuditAndTelegram429sAreUnitTested() throws IOException {
        Set<String> tested = new TreeSet<>();
        try (Stream<Path> files = Files.list(Repository.file(RULE_TESTS))) {
            for (Path file : files.toList()) {
                Repository.yaml(Repository.ROOT.relativize(file).toString())
                        .path("tests")
                        .forEach(test -> test.path("alert_rule_test")
                                .forEach(alert ->
                                        tested.add(alert.path("alertname").asText())));
            }
        }
        Set<String> rules = new TreeSet<>();
        rules().forEach(rule -> rules.add(rule.path("alert").asText()));

        assertThat(tested)
                .isSubsetOf(rules)
                .contains(
                        "TrainingbotIngressRefusesUpdates",
                        "TrainingbotUpdatesDeadLettered",
                        "TrainingbotDeadLetterQueueNotEmpty",
                        "TrainingbotAuditLagGrowing",
                        "TrainingbotAuditEventsRejected",
                        "TrainingbotTelegramRateLimited");
    }

    @Test
    void prometheusSendsItsAlertsToTheAlertmanagerOfTheMonitoringProfile() {
        JsonNode alertmanager = ComposeFile.load().service("alertmanager");
        List<String> targets = new ArrayList<>();
        Repository.yaml(PROMETHEUS)
                .path("alerting")
                .path("alertmanagers")
                .forEach(am -> am.path("static_configs")
                        .forEach(c -> c.path("targets").forEach(t -> targets.add(t.asText()))));

        assertThat(targets).containsExactly("alertmanager:9093");
        assertThat(alertmanager.path("profiles")).extracting(JsonNode::asText).containsExactly("monitoring");
    }

    @Test
    void alertmanagerAcceptsItsConfigurationAndSendsEveryAlertToTheAdminChatOfEnv(@TempDir Path dir) {
        Path rendered = dir.resolve("alertmanager.yml");

        renderAlertmanagerConfig(rendered, Map.of("ALERT_TELEGRAM_CHAT_ID", "-1001234567890", "BOT_TOKEN", TOKEN));

        ExternalTool.amtool().run(List.of("check-config", rendered.toString()), Map.of());
        JsonNode config = Repository.parseYaml(read(rendered));
        String receiver = config.path("route").path("receiver").asText();
        JsonNode telegram = receiver(config, receiver).path("telegram_configs").get(0);
        assertThat(telegram.path("chat_id").asLong()).isEqualTo(-1001234567890L);
        assertThat(telegram.path("bot_token").asText()).isEqualTo(TOKEN);
        config.path("route")
                .path("routes")
                .forEach(route -> assertThat(
                                receiver(config, route.path("receiver").asText())
                                        .path("telegram_configs"))
                        .isNotEmpty());
    }

    @Test
    void alertsGoThroughTheirOwnBotWhenEnvNamesOne(@TempDir Path dir) {
        Path rendered = dir.resolve("alertmanager.yml");

        renderAlertmanagerConfig(
                rendered,
                Map.of("ALERT_TELEGRAM_CHAT_ID", "42", "BOT_TOKEN", TOKEN, "ALERT_TELEGRAM_BOT_TOKEN", "777:AAalerts"));

        JsonNode config = Repository.parseYaml(read(rendered));
        assertThat(receiver(config, config.path("route").path("receiver").asText())
                        .path("telegram_configs")
                        .get(0)
                        .path("bot_token")
                        .asText())
                .isEqualTo("777:AAalerts");
    }

    @Test
    void alertmanagerRefusesToStartWithoutTheAdminChatAndSaysWhatToSet(@TempDir Path dir) {
        for (String chat : List.of("", "@admins", "12-3")) {
            assertThatThrownBy(() -> renderAlertmanagerConfig(
                            dir.resolve("alertmanager.yml"),
                            Map.of("ALERT_TELEGRAM_CHAT_ID", chat, "BOT_TOKEN", TOKEN)))
                    .as("ALERT_TELEGRAM_CHAT_ID=%s", chat)
                    .hasMessageContaining("exited with 2")
                    .hasMessageContaining("set ALERT_TELEGRAM_CHAT_ID in .env");
        }
    }

    @Test
    void composeGivesAlertmanagerTheChatAndTheTokenOfEnvAndItsConfiguration() {
        Map<String, String> values = new HashMap<>(OperatorSecrets.STAND_INS);
        values.put("ALERT_TELEGRAM_CHAT_ID", "-1001234567890");

        ComposeFile.Rendered rendered = ComposeFile.render(values);

        assertThat(rendered.environment("alertmanager"))
                .containsEntry("ALERT_TELEGRAM_CHAT_ID", "-1001234567890")
                .containsEntry("BOT_TOKEN", OperatorSecrets.STAND_INS.get("BOT_TOKEN"));
        assertThat(mounts(ComposeFile.load().service("alertmanager"))).containsKey("./" + ALERTMANAGER_DIR);
    }

    @Test
    void kubernetesSendsTheAlertsAlongTheSameRouteWithTheSameMessageAndTheSecretsToken() {
        JsonNode compose = Repository.parseYaml(
                Repository.read(ALERTMANAGER_DIR + "/alertmanager.yml").replace("@ALERT_TELEGRAM_CHAT_ID@", "0"));
        JsonNode kubernetes = Repository.yaml("k8s/components/monitoring/alertmanagerconfig.yaml")
                .path("spec");
        JsonNode telegram =
                kubernetes.path("receivers").get(0).path("telegramConfigs").get(0);
        JsonNode composeTelegram = receiver(
                        compose, compose.path("route").path("receiver").asText())
                .path("telegram_configs")
                .get(0);

        assertThat(kubernetes.path("route").path("groupBy"))
                .isEqualTo(compose.path("route").path("group_by"));
        assertThat(kubernetes.path("route").path("repeatInterval").asText())
                .isEqualTo(compose.path("route").path("repeat_interval").asText());
        assertThat(telegram.path("message").asText())
                .isEqualTo(composeTelegram.path("message").asText());
        assertThat(telegram.path("parseMode").asText())
                .isEqualTo(composeTelegram.path("parse_mode").asText());
        assertThat(Repository.yaml("k8s/secret.template.yaml")
                        .path("stringData")
                        .has(telegram.path("botToken").path("key").asText()))
                .isTrue();
    }

    private static final String TOKEN = "123456789:AAalert-test";

    /** Runs the Compose Alertmanager's render-config.sh as its container does, with only {@code env}. */
    private static void renderAlertmanagerConfig(Path output, Map<String, String> env) {
        ExternalTool.at(Path.of("/bin/sh"))
                .run(
                        List.of(
                                Repository.file(ALERTMANAGER_DIR + "/render-config.sh")
                                        .toString(),
                                Repository.file(ALERTMANAGER_DIR + "/alertmanager.yml")
                                        .toString(),
                                output.toString()),
                        env);
    }

    private static JsonNode receiver(JsonNode config, String name) {
        for (JsonNode receiver : config.path("receivers")) {
            if (receiver.path("name").asText().equals(name)) {
                return receiver;
            }
        }
        throw new AssertionError("no receiver " + name);
    }

    /** A Compose service's bind mounts, host path to container path. */
    private static Map<String, String> mounts(JsonNode service) {
        Map<String, String> mounts = new HashMap<>();
        service.path("volumes").forEach(v -> {
            String[] parts = v.asText().split(":");
            mounts.put(parts[0], parts[1]);
        });
        return mounts;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
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
