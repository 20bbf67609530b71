package dev.trainingbot.worker.course.content;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The course this worker serves, by version: {@link #current()} is the newest valid version published (see
 * {@link CourseVersions}); {@link #version(int)} an older one a learner's quiz started in, kept in memory for the
 * quizzes still running in it (the last {@value #KEPT} versions seen; an older one is read back from the version table
 * when a quiz asks for it). Every reader asks the catalog at the moment it needs the course, so a new version is in use
 * from the next update on; nothing holds a {@link Course} across updates.
 */
public final class CourseCatalog {

    private static final Logger log = LoggerFactory.getLogger(CourseCatalog.class);

    /** How many versions stay in memory beside the current one. */
    static final int KEPT = 8;

    /** A course and its version number ({@code 0}: a course that is in no version table, as in unit tests). */
    public record Version(int number, Course course, String checksum) {}

    private final IntFunction<Optional<Version>> older;
    private final Map<Integer, Version> kept = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Version> eldest) {
            return size() > KEPT;
        }
    };
    private volatile Version current;

    /** A catalog serving {@code first}, reading a version it does not keep through {@code older}. */
    public CourseCatalog(Version first, IntFunction<Optional<Version>> older) {
        this.current = first;
        this.older = older;
        kept.put(first.number(), first);
    }

    /** A catalog of one course that never changes (tests, tools). */
    public static CourseCatalog of(Course course) {
        return new CourseCatalog(new Version(0, course, ""), number -> Optional.empty());
    }

    /** The course to show now. */
    public Course current() {
        return current.course();
    }

    public Version currentVersion() {
        return current;
    }

    /** The course of version {@code number}, when this worker has it or the version table still holds it valid. */
    public Optional<Course> version(int number) {
        if (number == current.number()) {
            return Optional.of(current.course());
        }
        synchronized (kept) {
            Version version = kept.get(number);
            if (version != null) {
                return Optional.of(version.course());
            }
        }
        Optional<Version> loaded = older.apply(number);
        loaded.ifPresent(this::keep);
        return loaded.map(Version::course);
    }

    /**
     * Makes {@code version} current when it is newer than the current one; an older or the same version changes
     * nothing (notifications may arrive twice or out of order). Returns whether it became current.
     */
    public boolean install(Version version) {
        keep(version);
        synchronized (this) {
            if (version.number() <= current.number()) {
                return false;
            }
            Version previous = current;
            current = version;
            log.info(
                    "course version {} is current (was {}): {} sections, checksum {}",
                    version.number(),
                    previous.number(),
                    version.course().sections().size(),
                    version.checksum());
            return true;
        }
    }

    private void keep(Version version) {
        synchronized (kept) {
            kept.put(version.number(), version);
        }
    }
}
