package dev.trainingbot.worker.course.progress;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;

/** A row of {@code users}, read with its progress. Written by {@code UserDirectory}'s upsert, not through here. */
@Entity
@Table(name = "users")
public class UserAccount {

    @Id
    private long id;

    // Null until the user writes to the bot in private: the groups they write in are not theirs.
    @Column(name = "chat_id")
    private Long chatId;

    @Column(name = "first_name")
    private String firstName;

    @Column(name = "last_name")
    private String lastName;

    private String username;

    @Column(name = "language_code")
    private String languageCode;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "last_seen_at", nullable = false)
    private Instant lastSeenAt;

    @Column(name = "blocked_at")
    private Instant blockedAt;

    @OneToMany(mappedBy = "user", fetch = FetchType.LAZY)
    private Set<LessonCompletion> completions = new HashSet<>();

    @OneToMany(mappedBy = "user", fetch = FetchType.LAZY)
    private Set<QuizAttempt> attempts = new HashSet<>();

    protected UserAccount() {}

    public long id() {
        return id;
    }

    /** The user's private chat with the bot, if they ever wrote in it. */
    public OptionalLong chatId() {
        return chatId == null ? OptionalLong.empty() : OptionalLong.of(chatId);
    }

    public String firstName() {
        return firstName;
    }

    public String lastName() {
        return lastName;
    }

    public String username() {
        return username;
    }

    public String languageCode() {
        return languageCode;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant lastSeenAt() {
        return lastSeenAt;
    }

    public Instant blockedAt() {
        return blockedAt;
    }

    public Set<LessonCompletion> completions() {
        return completions;
    }

    public Set<QuizAttempt> attempts() {
        return attempts;
    }
}
