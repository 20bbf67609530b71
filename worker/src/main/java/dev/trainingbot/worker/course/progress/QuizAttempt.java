package dev.trainingbot.worker.course.progress;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A finished quiz: the score out of the number of questions. Read-only here: {@link ProgressRepository#recordAttempt}
 * inserts the rows, once per update.
 */
@Entity
@Table(name = "quiz_attempts")
public class QuizAttempt {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    // Read-only navigation for queries; rows are written by user id, without loading the user.
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id", insertable = false, updatable = false)
    private UserAccount user;

    @Column(name = "user_id", nullable = false)
    private long userId;

    @Column(name = "section_id", nullable = false)
    private String sectionId;

    @Column(nullable = false)
    private int score;

    @Column(name = "max_score", nullable = false)
    private int maxScore;

    @Column(name = "finished_at", nullable = false)
    private Instant finishedAt;

    // The update that finished the quiz (null for attempts recorded before it was kept): its retry records nothing.
    @Column(name = "update_id", unique = true)
    private Long updateId;

    protected QuizAttempt() {}

    public long userId() {
        return userId;
    }

    public String sectionId() {
        return sectionId;
    }

    public int score() {
        return score;
    }

    public int maxScore() {
        return maxScore;
    }

    public Instant finishedAt() {
        return finishedAt;
    }
}
