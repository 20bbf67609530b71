package dev.trainingbot.worker.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.trainingbot.common.db.Database;
import dev.trainingbot.testkit.postgres.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cohorts in PostgreSQL: an update handled again finds what it did the first time (the cohort it created, the
 * enrolment it made) instead of doing it twice, and the read for reminders lists each cohort in force with its members.
 */
class CohortsIT {

    private TestDatabase database;
    private HikariDataSource dataSource;
    private Cohorts cohorts;

    @BeforeEach
    void migrate() throws SQLException {
        database = TestDatabase.create();
        dataSource = Database.pool(database.settings(), "cohorts-it", new SimpleMeterRegistry());
        Database.migrate(dataSource);
        cohorts = new Cohorts(dataSource, new InvitationCode(new SecureRandom()), Clock.systemUTC());
        for (long user : List.of(1L, 2L, 3L)) {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement insert =
                            connection.prepareStatement("INSERT INTO users (id, chat_id) VALUES (?, ?)")) {
                insert.setLong(1, user);
                insert.setLong(2, user);
                insert.executeUpdate();
            }
        }
    }

    @AfterEach
    void drop() {
        dataSource.close();
        database.close();
    }

    @Test
    void theSameUpdateCreatesOneCohortHoweverOftenItIsHandled() throws SQLException {
        Cohort first = cohorts.create("  Spring ", Optional.of(LocalDate.of(2027, 3, 1)), Optional.empty(), 99, 500);
        Cohort again = cohorts.create("Spring", Optional.of(LocalDate.of(2027, 3, 1)), Optional.empty(), 99, 500);
        Cohort other = cohorts.create("Spring", Optional.empty(), Optional.empty(), 99, 501);

        assertThat(again).isEqualTo(first);
        assertThat(first.name()).isEqualTo("Spring");
        assertThat(other.code()).isNotEqualTo(first.code());
        assertThat(cohorts.active()).hasSize(2);
    }

    @Test
    void anEnrolmentHandledAgainIsTheEnrolmentItMadeAndALaterVisitIsAlready() throws SQLException {
        Cohort spring = cohorts.create("Spring", Optional.empty(), Optional.empty(), 99, 600);
        Cohort autumn = cohorts.create("Autumn", Optional.empty(), Optional.empty(), 99, 601);

        assertThat(cohorts.enrol(1, spring, 10, false).outcome()).isEqualTo(Cohorts.Outcome.ENROLLED);
        assertThat(cohorts.enrol(1, spring, 10, false).outcome()).isEqualTo(Cohorts.Outcome.ENROLLED);
        assertThat(cohorts.enrol(1, spring, 11, false).outcome()).isEqualTo(Cohorts.Outcome.ALREADY_IN_IT);
        Cohorts.Enrolment asked = cohorts.enrol(1, autumn, 12, false);
        assertThat(asked.outcome()).isEqualTo(Cohorts.Outcome.IN_ANOTHER);
        assertThat(asked.previous()).contains(spring);
        assertThat(cohorts.cohortOf(1)).contains(spring);

        Cohorts.Enrolment moved = cohorts.enrol(1, autumn, 13, true);
        assertThat(moved.outcome()).isEqualTo(Cohorts.Outcome.SWITCHED);
        assertThat(moved.previous()).contains(spring);
        assertThat(cohorts.enrol(1, autumn, 13, true).outcome()).isEqualTo(Cohorts.Outcome.SWITCHED);
        assertThat(cohorts.enrol(1, autumn, 14, true).outcome()).isEqualTo(Cohorts.Outcome.ALREADY_IN_IT);
        assertThat(cohorts.cohortOf(1)).contains(autumn);
    }

    @Test
    void theReadForRemindersListsEachCohortInForceWithItsMembersInTheOrderTheyJoined() throws SQLException {
        Cohort spring = cohorts.create("Spring", Optional.of(LocalDate.of(2027, 3, 1)), Optional.empty(), 99, 700);
        Cohort empty = cohorts.create("Empty", Optional.empty(), Optional.empty(), 99, 701);
        Cohort gone = cohorts.create("Gone", Optional.empty(), Optional.empty(), 99, 702);
        cohorts.enrol(2, spring, 20, false);
        cohorts.enrol(1, spring, 21, false);
        cohorts.enrol(3, gone, 22, false);
        assertThat(cohorts.revoke(gone.id())).isTrue();
        assertThat(cohorts.revoke(gone.id())).isFalse();

        List<Cohorts.WithMembers> read = cohorts.withMembers();

        assertThat(read).extracting(w -> w.cohort().name()).containsExactly("Spring", "Empty");
        assertThat(read.getFirst().cohort().startsOn()).contains(LocalDate.of(2027, 3, 1));
        assertThat(read.getFirst().members()).extracting(Cohorts.Member::userId).containsExactly(2L, 1L);
        assertThat(read.get(1).members()).isEmpty();
        assertThat(empty.revoked()).isFalse();
        assertThat(cohorts.byId(gone.id()).orElseThrow().revoked()).isTrue();
    }
}
