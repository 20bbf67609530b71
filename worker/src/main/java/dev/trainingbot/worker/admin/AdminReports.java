package dev.trainingbot.worker.admin;

import dev.trainingbot.worker.cohort.Cohort;
import dev.trainingbot.worker.cohort.CohortReports;
import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.CourseCatalog;
import dev.trainingbot.worker.course.progress.ProgressRepository;
import dev.trainingbot.worker.course.progress.QuizAttempt;
import dev.trainingbot.worker.course.progress.SectionStatistics;
import dev.trainingbot.worker.course.progress.UserAccount;
import java.io.StringWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.hibernate.SessionFactory;

/**
 * What the admin panel reports, each in a fixed number of statements whatever the number of users: the statistics
 * in four (user counts; lessons and quizzes per section; the breakdown by cohort), the export in three (users with
 * their lessons, join fetched; all quiz attempts; every learner's cohort).
 */
public final class AdminReports {

    /** Users in total, recently active, blocked, banned by the throttle now, how each section and each cohort goes. */
    public record Statistics(
            long users,
            long active24h,
            long active7d,
            long blocked,
            long banned,
            List<SectionStatistics> sections,
            List<CohortReports.Breakdown> cohorts) {}

    private final SessionFactory sessions;
    private final ProgressRepository progress;
    private final CourseCatalog course;
    private final InstantSource clock;
    private final Callable<Long> banned;
    private final CohortReports cohorts;

    /** {@code banned} counts the users banned now ({@code ThrottleBans#countInForce}, one Redis round trip). */
    public AdminReports(
            SessionFactory sessions,
            ProgressRepository progress,
            CourseCatalog course,
            InstantSource clock,
            Callable<Long> banned,
            CohortReports cohorts) {
        this.cohorts = cohorts;
        this.sessions = sessions;
        this.progress = progress;
        this.course = course;
        this.clock = clock;
        this.banned = banned;
    }

    public Statistics statistics() throws Exception {
        Instant now = clock.instant();
        Object[] counts = sessions.fromTransaction(session -> session.createSelectionQuery("""
                        select count(u),
                               coalesce(sum(case when u.lastSeenAt > :day then 1 else 0 end), 0),
                               coalesce(sum(case when u.lastSeenAt > :week then 1 else 0 end), 0),
                               coalesce(sum(case when u.blockedAt is not null then 1 else 0 end), 0)
                        from UserAccount u
                        """, Object[].class)
                .setParameter("day", now.minus(Duration.ofDays(1)))
                .setParameter("week", now.minus(Duration.ofDays(7)))
                .getSingleResult());
        return new Statistics(
                number(counts[0]),
                number(counts[1]),
                number(counts[2]),
                number(counts[3]),
                banned.call(),
                progress.statistics(),
                cohorts.breakdown());
    }

    /**
     * Every user and their progress as CSV (RFC 4180, UTF-8): identity, language, dates, their cohort and its start
     * date, and per section of the course the lessons read and the best and last quiz scores.
     */
    public String exportCsv() throws SQLException {
        Map<Long, Cohort> cohortOf = cohorts.byLearner();
        return sessions.fromTransaction(session -> {
            List<UserAccount> users = session.createSelectionQuery(
                            "select distinct u from UserAccount u left join fetch u.completions order by u.id",
                            UserAccount.class)
                    .getResultList();
            Map<Long, List<QuizAttempt>> attempts = session
                    .createSelectionQuery("select a from QuizAttempt a order by a.finishedAt", QuizAttempt.class)
                    .getResultList()
                    .stream()
                    .collect(Collectors.groupingBy(QuizAttempt::userId));
            StringWriter csv = new StringWriter();
            StringBuilder header = new StringBuilder(
                    "user_id,chat_id,username,first_name,last_name,language_code,created_at,last_seen_at,blocked_at,"
                            + "cohort,cohort_starts_on");
            for (Course.Section section : course.current().sections()) {
                header.append(',')
                        .append(section.id())
                        .append("_lessons")
                        .append(',')
                        .append(section.id())
                        .append("_best")
                        .append(',')
                        .append(section.id())
                        .append("_last");
            }
            csv.append(header).append("\r\n");
            for (UserAccount user : users) {
                StringBuilder row = new StringBuilder()
                        .append(user.id())
                        .append(',')
                        .append(
                                user.chatId().isPresent()
                                        ? Long.toString(user.chatId().getAsLong())
                                        : "")
                        .append(',')
                        .append(field(user.username()))
                        .append(',')
                        .append(field(user.firstName()))
                        .append(',')
                        .append(field(user.lastName()))
                        .append(',')
                        .append(field(user.languageCode()))
                        .append(',')
                        .append(user.createdAt())
                        .append(',')
                        .append(user.lastSeenAt())
                        .append(',')
                        .append(user.blockedAt() == null ? "" : user.blockedAt().toString());
                Cohort cohort = cohortOf.get(user.id());
                row.append(',')
                        .append(cohort == null ? "" : field(cohort.name()))
                        .append(',')
                        .append(
                                cohort == null
                                        ? ""
                                        : cohort.startsOn()
                                                .map(LocalDate::toString)
                                                .orElse(""));
                List<QuizAttempt> mine = attempts.getOrDefault(user.id(), List.of());
                for (Course.Section section : course.current().sections()) {
                    long read = user.completions().stream()
                            .filter(c -> c.sectionId().equals(section.id())
                                    && section.lesson(c.lessonId()).isPresent())
                            .count();
                    List<QuizAttempt> tries = mine.stream()
                            .filter(a -> a.sectionId().equals(section.id()))
                            .toList();
                    OptionalInt best =
                            tries.stream().mapToInt(QuizAttempt::score).max();
                    row.append(',')
                            .append(read)
                            .append(',')
                            .append(best.isPresent() ? Integer.toString(best.getAsInt()) : "")
                            .append(',')
                            .append(
                                    tries.isEmpty()
                                            ? ""
                                            : Integer.toString(tries.getLast().score()));
                }
                csv.append(row).append("\r\n");
            }
            return csv.toString();
        });
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** A CSV field, quoted when it must be; a leading = + - @ is defused so spreadsheets do not run it. */
    static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
