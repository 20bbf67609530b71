package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.testkit.telegram.TelegramUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What an operator's Prometheus finds on each service's {@code /metrics}, after some traffic. */
class MetricsIT {

    private static FleetUnderTest fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = FleetUnderTest.builder().start();
        TelegramUser user = fleet.telegram.newUser("Measured", "en");
        user.send("/start");
        user.awaitSent(1, Duration.ofSeconds(30));
        // The reply reaches the user a moment before the worker records the update's handler and outcome.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> scrape(fleet.fleet.workers().getFirst().port())
                        .contains("worker_updates_total{kind=\"message\",outcome=\"handled\""));
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void theIngressExposesUpdatesByOutcomeAndItsProducer() throws Exception {
        assertThat(scrape(fleet.fleet.ingress().port()))
                .contains("ingress_updates_total{mode=\"webhook\",outcome=\"accepted\"")
                .contains("ingress_ack_seconds_bucket")
                .contains("kafka_producer_record_send_total")
                .contains("jvm_memory_used_bytes")
                .contains("service=\"ingress\"");
    }

    @Test
    void theWorkerExposesHandlersThrottleConversationsDeadLettersTelegramAndItsPools() throws Exception {
        assertThat(scrape(fleet.fleet.workers().getFirst().port()))
                .contains("worker_handler_seconds_bucket{handler=\"start\"")
                .contains("worker_pipeline_stage_seconds_bucket{service=\"worker\",stage=\"guard\"")
                .contains("worker_updates_total{kind=\"message\",outcome=\"handled\"")
                .contains("worker_guard_decisions_total{decision=\"allow\"")
                .contains("worker_fsm_conflicts_total")
                .contains("worker_dead_letters_total")
                .contains("worker_in_flight")
                .contains("telegram_calls_total{method=\"sendmessage\",outcome=\"ok\"")
                .contains("telegram_flood_wait_seconds")
                .contains("resilience4j_circuitbreaker_state")
                .contains("kafka_consumer_fetch_manager_records_lag")
                .contains("hikaricp_connections_active")
                .contains("lettuce_command_completion_seconds")
                .contains("jvm_gc_memory_allocated_bytes_total");
    }

    @Test
    void aTelegram429IsCountedAsRateLimitedByMethod() throws Exception {
        TelegramUser user = fleet.telegram.newUser("Limited", "en");
        fleet.telegram.rateLimitNext("sendMessage", 1, 1);

        user.send("/start");

        user.awaitSent(1, Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> scrape(fleet.fleet.workers().getFirst().port())
                        .contains("telegram_calls_total{method=\"sendmessage\",outcome=\"rate_limited\""));
    }

    @Test
    void theAuditConsumerExposesBatchesAndInserts() throws Exception {
        assertThat(scrape(fleet.fleet.audit().port()))
                .contains("audit_batch_size_count")
                .contains("audit_insert_seconds_bucket")
                .contains("audit_events_total{outcome=\"inserted\"")
                .contains("audit_database_available")
                .contains("kafka_consumer_fetch_manager_records_lag")
                .contains("hikaricp_connections");
    }

    private static String scrape(int port) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            return response.body();
        }
    }
}
