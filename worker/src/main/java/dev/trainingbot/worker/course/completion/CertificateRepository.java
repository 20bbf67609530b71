package dev.trainingbot.worker.course.completion;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;

/**
 * Certificates in PostgreSQL. One per user, whoever issues it first: a redelivered last answer, or two workers during
 * a rebalance, find the certificate already issued and get that one back.
 */
public final class CertificateRepository {

    private static final String COLUMNS = "code, user_id, holder_name, course_title, issued_at, document_sent_at";

    private static final String ISSUE = """
            INSERT INTO certificates (code, user_id, holder_name, course_title, issued_at)
            VALUES (:code, :user, :name, :title, :at)
            ON CONFLICT (user_id) DO NOTHING
            """;

    private static final String OF_USER = "SELECT " + COLUMNS + " FROM certificates WHERE user_id = :user";

    private static final String BY_CODE = "SELECT " + COLUMNS + " FROM certificates WHERE code = :code";

    private static final String MARK_SENT = """
            UPDATE certificates SET document_sent_at = :at WHERE code = :code AND document_sent_at IS NULL
            """;

    private final SessionFactory sessions;
    private final InstantSource clock;
    private final CertificateCodes codes;

    public CertificateRepository(SessionFactory sessions, InstantSource clock) {
        this(sessions, clock, new CertificateCodes());
    }

    CertificateRepository(SessionFactory sessions, InstantSource clock, CertificateCodes codes) {
        this.sessions = sessions;
        this.clock = clock;
        this.codes = codes;
    }

    /**
     * The user's certificate, issued now with this name and title unless it was issued before. Two statements.
     *
     * @return the certificate, and whether this call issued it
     */
    public Issued issue(long userId, String holderName, String courseTitle) {
        return sessions.fromStatelessTransaction(session -> {
            // A new code collides with one of 2^80 only in theory; the primary key would refuse it, and a retry of
            // the update draws another. A second issuer waits for the first's commit, inserts nothing and reads its
            // row.
            int inserted = session.createNativeMutationQuery(ISSUE)
                    .setParameter("code", codes.next())
                    .setParameter("user", userId)
                    .setParameter("name", holderName)
                    .setParameter("title", courseTitle)
                    .setParameter("at", clock.instant())
                    .executeUpdate();
            Certificate certificate = one(session, OF_USER, "user", userId)
                    .orElseThrow(() -> new IllegalStateException("certificate of user " + userId + " not found"));
            return new Issued(certificate, inserted > 0);
        });
    }

    public Optional<Certificate> ofUser(long userId) {
        return sessions.fromStatelessTransaction(session -> one(session, OF_USER, "user", userId));
    }

    /** The certificate of a code as a person typed it (any case, with or without dashes). */
    public Optional<Certificate> byCode(String typed) {
        return CertificateCodes.normalized(typed)
                .flatMap(code -> sessions.fromStatelessTransaction(session -> one(session, BY_CODE, "code", code)));
    }

    /** Records that the document reached the learner; the first time counts. */
    public void documentSent(String code) {
        sessions.inStatelessTransaction(session -> session.createNativeMutationQuery(MARK_SENT)
                .setParameter("code", code)
                .setParameter("at", clock.instant())
                .executeUpdate());
    }

    private static Optional<Certificate> one(StatelessSession session, String sql, String name, Object value) {
        List<Object[]> rows = session.createNativeQuery(sql, Object[].class)
                .setParameter(name, value)
                .getResultList();
        return rows.stream().findFirst().map(CertificateRepository::certificate);
    }

    private static Certificate certificate(Object[] row) {
        return new Certificate(
                (String) row[0],
                ((Number) row[1]).longValue(),
                (String) row[2],
                (String) row[3],
                instant(row[4]),
                Optional.ofNullable(row[5]).map(CertificateRepository::instant));
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case Instant instant -> instant;
            case java.time.OffsetDateTime offset -> offset.toInstant();
            case java.sql.Timestamp timestamp -> timestamp.toInstant();
            default -> throw new IllegalStateException("not a timestamp: " + value.getClass());
        };
    }

    /** A certificate, and whether the call that returned it issued it. */
    public record Issued(Certificate certificate, boolean now) {}
}
