package dev.trainingbot.benchmark.load;

import dev.trainingbot.testkit.telegram.BotApiEmulator;
import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.Button;
import dev.trainingbot.testkit.telegram.RequestRecord;
import dev.trainingbot.testkit.telegram.TelegramUser;
import dev.trainingbot.testkit.telegram.TranscriptEvent;
import dev.trainingbot.testkit.telegram.WebhookDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * People following the course in Telegram, simulated through the emulator: each sends {@code /start}, then presses
 * the buttons of the bot's latest message — sections, lessons, "next", quiz answers, "my progress" — one at a time,
 * waiting for the bot's answer before the next press and pausing at least {@code minGap} between presses, as a person
 * does (and as Telegram's per-chat limit and the bot's throttle expect).
 *
 * <p>The load is open across users and closed per user: a pacer starts presses at the target rate, each by the user
 * idle longest; when no user is idle and rested, the press is not made and counts as a shortfall — the fleet is not
 * answering fast enough for the users there are. A press's latency runs from the moment the update was handed to
 * the emulator's webhook queue to the moment the bot's message call for that chat (an edit, a new message) reached
 * the emulator: webhook delivery, ingress, Kafka, worker, Redis, PostgreSQL and the Bot API call in between.
 */
public final class VirtualUsers {

    private static final Set<String> REPLIES =
            Set.of("sendMessage", "editMessageText", "editMessageReplyMarkup", "sendDocument");

    private final BotApiEmulator telegram;
    private final List<Person> people = new ArrayList<>();
    private final Map<Long, Person> byChat = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Person> idle = new ConcurrentLinkedQueue<>();
    private final Latencies replies = new Latencies();
    private final Latencies acknowledgements = new Latencies();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong answeredByNoticeOnly = new AtomicLong();
    private final AtomicLong unexpectedReplies = new AtomicLong();
    private final AtomicLong answeredTwice = new AtomicLong();
    private final AtomicLong webhookRefusals = new AtomicLong();
    private final long minGapNanos;
    private final long timeoutNanos;
    private final Random random;

    /** A person and their one press awaiting an answer (0 when none). */
    private static final class Person {
        final TelegramUser user;
        final AtomicLong outstandingSince = new AtomicLong();
        volatile long lastActionNanos;

        Person(TelegramUser user) {
            this.user = user;
        }
    }

    /**
     * No users yet ({@link #join} brings them) of {@code telegram}; an answer not seen within {@code timeout} counts as
     * timed out and the user moves on. Users are driven from one thread, the caller's.
     */
    public VirtualUsers(BotApiEmulator telegram, Duration minGap, Duration timeout, long seed) {
        this.telegram = telegram;
        this.minGapNanos = minGap.toNanos();
        this.timeoutNanos = timeout.toNanos();
        this.random = new Random(seed);
        telegram.onRequest(this::heard);
        telegram.onWebhookDelivery(this::delivered);
    }

    public int size() {
        return people.size();
    }

    /** The users' chats. */
    public Set<Long> chatIds() {
        return Set.copyOf(byChat.keySet());
    }

    /**
     * {@code count} more users, alternately English and Russian speakers, each sending {@code /start} — at
     * {@code rate} a second; returns when all were answered (they are then ready to press) or timed out.
     */
    public void join(int count, double rate) {
        ConcurrentLinkedQueue<Person> newcomers = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < count; i++) {
            int n = people.size();
            Person person = new Person(telegram.newUser("User" + n, n % 2 == 0 ? "en" : "ru"));
            person.lastActionNanos = System.nanoTime() - minGapNanos;
            people.add(person);
            byChat.put(person.user.chatId(), person);
            newcomers.add(person);
        }
        pace(newcomers, rate, Long.MAX_VALUE, person -> person.user.send("/start"), count);
        awaitAnswers(Duration.ofNanos(timeoutNanos));
    }

    /** Presses buttons at {@code rate} a second for {@code duration}; returns the presses made. */
    public long drive(double rate, Duration duration) {
        return pace(idle, rate, duration.toNanos(), this::pressSomething, Long.MAX_VALUE);
    }

    /** Waits until no press awaits an answer, at most {@code max}; returns whether none does. */
    public boolean awaitAnswers(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            sweep(System.nanoTime());
            if (people.stream().allMatch(p -> p.outstandingSince.get() == 0)) {
                return true;
            }
            LockSupport.parkNanos(20_000_000);
        }
        return false;
    }

    /** End-to-end latencies of answered presses, by the moment of the press. */
    public Latencies replies() {
        return replies;
    }

    /** How long the ingress took to acknowledge accepted webhook deliveries, by the moment of the delivery. */
    public Latencies acknowledgements() {
        return acknowledgements;
    }

    public long answered() {
        return answered.get();
    }

    /**
     * Presses the bot answered neither with a message nor with a notice within the timeout. A press answered only by
     * a notice (the button's answer with a text, "this button is out of date", say) is an answer the user saw: the
     * first few are printed, none is counted here.
     */
    public long timedOut() {
        return timedOut.get();
    }

    /** Webhook deliveries the ingress did not accept (503 while Kafka is away, refused connections); retried. */
    public long webhookRefusals() {
        return webhookRefusals.get();
    }

    /** Messages to a chat that had no press awaiting an answer (a second message for one press, say). */
    public long extraReplies() {
        return unexpectedReplies.get();
    }

    /** A button answered a second time (Telegram refuses that with 400): an update handled twice. */
    public long answeredTwice() {
        return answeredTwice.get();
    }

    /**
     * The fate of every button pressed since {@code since}, from the chats' transcripts: pressed, answered (by its
     * callback query id, at least once), and lost (never answered); with the buttons answered twice since then,
     * {@code answeredTwiceBefore} being {@link #answeredTwice()} at that moment.
     */
    public Outcome outcome(Instant since, long answeredTwiceBefore) {
        long pressed = 0;
        long answeredOnce = 0;
        for (Person person : people) {
            Set<String> asked = new HashSet<>();
            Set<String> told = new HashSet<>();
            for (TranscriptEvent event : person.user.transcript()) {
                if (event instanceof TranscriptEvent.UserPressed press
                        && !press.at().isBefore(since)) {
                    asked.add(press.callbackQueryId());
                } else if (event instanceof TranscriptEvent.CallbackAnswered answer) {
                    told.add(answer.callbackQueryId());
                }
            }
            pressed += asked.size();
            told.retainAll(asked);
            answeredOnce += told.size();
        }
        return new Outcome(pressed, answeredOnce, pressed - answeredOnce, answeredTwice.get() - answeredTwiceBefore);
    }

    /** @param lost presses never answered; @param duplicated presses answered twice */
    public record Outcome(long pressed, long answered, long lost, long duplicated) {}

    /** Makes presses at {@code rate} by the users of {@code ready}, longest waiting first; returns how many. */
    private long pace(
            ConcurrentLinkedQueue<Person> ready, double rate, long durationNanos, Consumer<Person> action, long limit) {
        long start = System.nanoTime();
        long issued = 0;
        long made = 0;
        long nextSweep = start;
        while (made < limit) {
            long now = System.nanoTime();
            if (now - start >= durationNanos) {
                break;
            }
            long due = (long) ((now - start) / 1e9 * rate);
            while (issued < due && made < limit) {
                Person next = ready.peek();
                if (next == null || now - next.lastActionNanos < minGapNanos) {
                    // Nobody to press now: the press is skipped, not made up for later in a burst.
                    issued = due;
                    break;
                }
                ready.poll();
                issued++;
                made++;
                act(next, action, now);
            }
            if (now >= nextSweep) {
                sweep(now);
                nextSweep = now + 200_000_000;
            }
            LockSupport.parkNanos(500_000);
        }
        return made;
    }

    private void act(Person person, Consumer<Person> action, long now) {
        person.lastActionNanos = now;
        person.outstandingSince.set(now);
        try {
            action.accept(person);
        } catch (AssertionError | RuntimeException e) {
            // The chat shows nothing to press (a message deleted, say): start over.
            person.user.send("/start");
        }
    }

    private void pressSomething(Person person) {
        BotMessage message = person.user.lastMessage();
        List<Button> buttons = message.allButtons().stream()
                .filter(button -> button.callbackData() != null)
                .toList();
        if (buttons.isEmpty()) {
            person.user.send("/start");
            return;
        }
        Button button;
        synchronized (random) {
            button = buttons.get(random.nextInt(buttons.size()));
        }
        person.user.pressCallbackData(message.messageId(), button.callbackData());
    }

    private void heard(RequestRecord call) {
        if (call.method().equals("answerCallbackQuery") && call.status() == 400) {
            answeredTwice.incrementAndGet();
            return;
        }
        if (!REPLIES.contains(call.method()) || call.status() == 429 || call.chatId() <= 0) {
            return;
        }
        Person person = byChat.get(call.chatId());
        if (person == null) {
            return;
        }
        long since = person.outstandingSince.get();
        if (since != 0 && person.outstandingSince.compareAndSet(since, 0)) {
            replies.record(since, call.startNanos() - since);
            answered.incrementAndGet();
            idle.add(person);
        } else {
            unexpectedReplies.incrementAndGet();
        }
    }

    private void delivered(WebhookDelivery delivery) {
        if (delivery.accepted()) {
            acknowledgements.record(delivery.startNanos(), delivery.endNanos() - delivery.startNanos());
        } else {
            webhookRefusals.incrementAndGet();
        }
    }

    private void sweep(long now) {
        for (Person person : people) {
            long since = person.outstandingSince.get();
            if (since != 0 && now - since > timeoutNanos && person.outstandingSince.compareAndSet(since, 0)) {
                String notice = noticeOfLastPress(person);
                if (notice == null) {
                    timedOut.incrementAndGet();
                } else if (answeredByNoticeOnly.incrementAndGet() <= 5) {
                    System.out.printf("   a press answered only by the notice \"%s\", no message%n", notice);
                }
                idle.add(person);
            }
        }
    }

    /** The text the bot answered the person's last press with, or null: no answer, or one without a text. */
    private static String noticeOfLastPress(Person person) {
        List<TranscriptEvent> transcript = person.user.transcript();
        String pressed = null;
        for (int i = transcript.size() - 1; i >= 0 && pressed == null; i--) {
            if (transcript.get(i) instanceof TranscriptEvent.UserPressed press) {
                pressed = press.callbackQueryId();
            }
        }
        for (TranscriptEvent event : transcript) {
            if (event instanceof TranscriptEvent.CallbackAnswered answer
                    && answer.callbackQueryId().equals(pressed)
                    && answer.text() != null
                    && !answer.text().isBlank()) {
                return answer.text();
            }
        }
        return null;
    }
}
