package dev.trainingbot.worker.course.progress;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapsId;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A lesson a user opened, once per user, section and lesson. */
@Entity
@Table(name = "lesson_completions")
public class LessonCompletion {

    @EmbeddedId
    private Key key;

    @MapsId("userId")
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id")
    private UserAccount user;

    @Column(name = "completed_at", nullable = false)
    private Instant completedAt;

    protected LessonCompletion() {}

    public String sectionId() {
        return key.sectionId;
    }

    public String lessonId() {
        return key.lessonId;
    }

    public Instant completedAt() {
        return completedAt;
    }

    /** The primary key: user, section, lesson. */
    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "user_id")
        private long userId;

        @Column(name = "section_id")
        private String sectionId;

        @Column(name = "lesson_id")
        private String lessonId;

        protected Key() {}

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key
                    && key.userId == userId
                    && key.sectionId.equals(sectionId)
                    && key.lessonId.equals(lessonId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(userId, sectionId, lessonId);
        }
    }
}
