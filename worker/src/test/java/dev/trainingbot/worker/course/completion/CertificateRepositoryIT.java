package dev.trainingbot.worker.course.completion;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.trainingbot.common.db.Database;
import dev.trainingbot.testkit.postgres.TestDatabase;
import dev.trainingbot.worker.course.progress.Persistence;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Certificates in a real PostgreSQL: issued once per user, found by the code a person types. */
class CertificateRepositoryIT {

    private static TestDatabase database;
    private static HikariDataSource dataSource;
    private static SessionFactory sessions;
    private static final AtomicLong users = new AtomicLong(20_000);

    @BeforeAll
    static void start() {
        database = TestDatabase.create();
        dataSource = Database.pool(database.settings(), "certificates-it", new SimpleMeterRegistry());
        Database.migrate(dataSource);
        sessions = Persistence.sessionFactory(dataSource);
    }

    @AfterAll
    static void stop() {
        sessions.close();
        dataSource.close();
        database.close();
    }

    @Test
    void aCertificateIsIssuedOnceAndASecondIssueReturnsTheFirst() throws Exception {
        CertificateRepository certificates = new CertificateRepository(sessions, Clock.systemUTC());
        long user = newUser();

        CertificateRepository.Issued first = certificates.issue(user, "Ben Miller", "Welcome aboard");
        CertificateRepository.Issued again = certificates.issue(user, "Benjamin Miller", "Welcome aboard, v2");

        assertThat(first.now()).isTrue();
        assertThat(again.now()).isFalse();
        assertThat(again.certificate()).isEqualTo(first.certificate());
        assertThat(again.certificate().holderName()).isEqualTo("Ben Miller");
    }

    @Test
    void workersIssuingAtOnceForOneUserAgreeOnOneCertificate() throws Exception {
        CertificateRepository certificates = new CertificateRepository(sessions, Clock.systemUTC());
        long user = newUser();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<CertificateRepository.Issued>> issuers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                issuers.add(() -> certificates.issue(user, "Anna", "Onboarding"));
            }
            List<CertificateRepository.Issued> issued = new ArrayList<>();
            for (Future<CertificateRepository.Issued> result : pool.invokeAll(issuers)) {
                issued.add(result.get());
            }
            assertThat(issued).filteredOn(CertificateRepository.Issued::now).hasSize(1);
            assertThat(issued)
                    .extracting(i -> i.certificate().code())
                    .containsOnly(issued.getFirst().certificate().code());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCodeTypedByAPersonFindsItsCertificateAndTheDocumentIsMarkedSentOnce() throws Exception {
        CertificateRepository certificates = new CertificateRepository(sessions, Clock.systemUTC());
        Certificate issued = certificates.issue(newUser(), "Anna", "Onboarding").certificate();

        assertThat(certificates.byCode(issued.printedCode().toLowerCase())).hasValue(issued);
        assertThat(certificates.byCode("0000-0000-0000-0000")).isEmpty();
        assertThat(certificates.byCode("not a code")).isEmpty();
        assertThat(issued.documentSentAt()).isEmpty();

        certificates.documentSent(issued.code());
        Certificate sent = certificates.ofUser(issued.userId()).orElseThrow();
        certificates.documentSent(issued.code());

        assertThat(sent.documentSentAt()).isPresent();
        assertThat(certificates.ofUser(issued.userId()).orElseThrow().documentSentAt())
                .isEqualTo(sent.documentSentAt());
    }

    private static long newUser() throws Exception {
        long id = users.incrementAndGet();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert =
                        connection.prepareStatement("INSERT INTO users (id, chat_id, first_name) VALUES (?, ?, 'T')")) {
            insert.setLong(1, id);
            insert.setLong(2, id);
            insert.executeUpdate();
        }
        return id;
    }
}
