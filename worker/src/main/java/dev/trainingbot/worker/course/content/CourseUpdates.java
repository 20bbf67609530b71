package dev.trainingbot.worker.course.content;

import com.zaxxer.hikari.HikariDataSource;
import dev.trainingbot.worker.i18n.Languages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link CourseCatalog} on the newest valid course version, without a restart and without polling the
 * database: one connection per worker {@code LISTEN}s on {@link CourseVersions#CHANNEL}, and a notification (or a
 * reconnection, which may have missed one) reads the versions newer than the current one. Every version is validated
 * by {@link CourseLoader} before it is stored and again on each worker before it is served; one this worker cannot load
 * is skipped with the problems logged and the current one stays.
 *
 * <p>At start-up the content file is stored as a new version when its checksum is new (an edited file wins, once, over
 * what the table holds); otherwise the table's newest valid version is served. The file is checked again every
 * {@code CONTENT_CHECK_INTERVAL} — a local read; the database is asked only when the file changed.
 */
public final class CourseUpdates implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CourseUpdates.class);
    private static final int SCAN = 20;
    private static final Duration FILE_CHECK = Duration.ofSeconds(10);

    private final Path file;
    private final Languages languages;
    private final CourseVersions versions;
    private final HikariDataSource database;
    private final CourseCatalog catalog;
    private final Counter refused;
    private final Thread listener;
    private volatile boolean running = true;
    private volatile String fileChecksum;

    private CourseUpdates(
            Path file,
            Languages languages,
            CourseVersions versions,
            HikariDataSource database,
            CourseCatalog.Version first,
            String fileChecksum,
            MeterRegistry metrics) {
        this.file = file;
        this.languages = languages;
        this.versions = versions;
        this.database = database;
        this.fileChecksum = fileChecksum;
        this.catalog = new CourseCatalog(first, this::stored);
        this.refused = Counter.builder("course_versions_refused")
                .description("Course versions this worker could not load (the problems are logged)")
                .register(metrics);
        Gauge.builder("course_version", catalog, c -> c.currentVersion().number())
                .description("The course version this worker serves")
                .register(metrics);
        this.listener = Thread.ofPlatform().daemon().name("course-versions").unstarted(this::listen);
    }

    /**
     * Stores the content file as a version when it is new, serves the newest valid version and starts listening for
     * the next. A broken content file is a start-up error ({@link ContentException}), as before versions existed.
     */
    public static CourseUpdates start(Path file, Languages languages, HikariDataSource database, MeterRegistry metrics)
            throws IOException, SQLException {
        String content = Files.readString(file);
        Course fromFile = CourseLoader.parse(content, file, languages);
        CourseVersions versions = new CourseVersions(database);
        versions.publishIfNew(content, "file " + file.getFileName())
                .ifPresent(number -> log.info("the content file {} is new: stored as course version {}", file, number));
        String checksum = CourseVersions.checksum(content);
        CourseUpdates updates = new CourseUpdates(
                file,
                languages,
                versions,
                database,
                new CourseCatalog.Version(0, fromFile, checksum),
                checksum,
                metrics);
        updates.refresh();
        updates.listener.start();
        return updates;
    }

    public CourseCatalog catalog() {
        return catalog;
    }

    /**
     * Validates {@code content} as the content file would be, and on success stores and announces it as the next
     * version; returns its number. A broken content throws the {@link ContentException} naming every problem, and
     * nothing is stored.
     */
    public int publish(String content, String createdBy) throws SQLException {
        CourseLoader.parse(content, file, languages);
        int number = versions.publish(content, createdBy);
        log.info("course version {} published by {}", number, createdBy);
        return number;
    }

    /** Installs the newest version newer than the current one that this worker can load. */
    void refresh() throws SQLException {
        for (CourseVersions.Row row :
                versions.newerThan(catalog.currentVersion().number(), SCAN)) {
            Optional<CourseCatalog.Version> version = load(row);
            if (version.isPresent()) {
                catalog.install(version.get());
                return;
            }
        }
    }

    private Optional<CourseCatalog.Version> stored(int number) {
        try {
            return versions.get(number).flatMap(this::load);
        } catch (SQLException e) {
            log.warn("course version {} could not be read: {}", number, e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<CourseCatalog.Version> load(CourseVersions.Row row) {
        try {
            Course course = CourseLoader.parse(row.content(), file, languages);
            return Optional.of(new CourseCatalog.Version(row.version(), course, row.checksum()));
        } catch (ContentException e) {
            refused.increment();
            log.error("course version {} is refused, the current one stays: {}", row.version(), e.getMessage());
            return Optional.empty();
        }
    }

    private void listen() {
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            try (Connection connection = DriverManager.getConnection(
                    database.getJdbcUrl(), database.getUsername(), database.getPassword())) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CourseVersions.CHANNEL);
                }
                // What was published while this worker was not listening.
                refresh();
                backoff = Duration.ofSeconds(1);
                PGConnection notifications = connection.unwrap(PGConnection.class);
                long nextFileCheck = System.nanoTime() + FILE_CHECK.toNanos();
                while (running) {
                    PGNotification[] arrived = notifications.getNotifications(1_000);
                    if (arrived != null && arrived.length > 0) {
                        refresh();
                    }
                    if (System.nanoTime() - nextFileCheck > 0) {
                        checkFile();
                        nextFileCheck = System.nanoTime() + FILE_CHECK.toNanos();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("listening for course versions failed, again in {}: {}", backoff, e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                        ? Duration.ofSeconds(30)
                        : backoff.multipliedBy(2);
            }
        }
    }

    /** Publishes the content file when it changed since this worker last read it and is valid. */
    private void checkFile() throws SQLException {
        String content;
        try {
            content = Files.readString(file);
        } catch (IOException e) {
            log.warn("the content file {} cannot be read: {}", file, e.getMessage());
            return;
        }
        String checksum = CourseVersions.checksum(content);
        if (checksum.equals(fileChecksum)) {
            return;
        }
        fileChecksum = checksum;
        try {
            CourseLoader.parse(content, file, languages);
        } catch (ContentException e) {
            refused.increment();
            log.error("the changed content file is refused, the current course stays: {}", e.getMessage());
            return;
        }
        versions.publishIfNew(content, "file " + file.getFileName())
                .ifPresent(number -> log.info("the content file changed: stored as course version {}", number));
    }

    /** Versions for the admin panel, newest first. */
    public List<CourseVersions.Row> recent(int limit) throws SQLException {
        return versions.newerThan(0, limit);
    }

    @Override
    public void close() {
        running = false;
        listener.interrupt();
        try {
            listener.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
