package dev.trainingbot.worker.reminder;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class QuietHoursTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aWindowAcrossMidnightHoldsItsStartAndLetsItsEndGo() {
        QuietHours night = QuietHours.parse("21:00-09:00").orElseThrow();

        assertThat(night.contains(Instant.parse("2026-03-02T21:00:00Z"), ZoneId.of("UTC")))
                .isTrue();
        assertThat(night.contains(Instant.parse("2026-03-02T03:00:00Z"), ZoneId.of("UTC")))
                .isTrue();
        assertThat(night.contains(Instant.parse("2026-03-02T09:00:00Z"), ZoneId.of("UTC")))
                .isFalse();
        assertThat(night.contains(Instant.parse("2026-03-02T20:59:59Z"), ZoneId.of("UTC")))
                .isFalse();
    }

    @Test
    void theLearnersZoneDecides() {
        QuietHours night = QuietHours.parse("21:00-09:00").orElseThrow();
        // 07:30 UTC is 08:30 in Berlin in winter: still quiet there.
        Instant morning = Instant.parse("2026-01-15T07:30:00Z");

        assertThat(night.contains(morning, BERLIN)).isTrue();
        assertThat(night.contains(morning, ZoneId.of("Asia/Tokyo"))).isFalse();
    }

    @Test
    void aDaytimeWindowAndOff() {
        QuietHours lunch = QuietHours.parse(" 12:00 - 13:30 ").orElseThrow();

        assertThat(lunch.contains(Instant.parse("2026-03-02T12:45:00Z"), ZoneId.of("UTC")))
                .isTrue();
        assertThat(lunch.contains(Instant.parse("2026-03-02T13:30:00Z"), ZoneId.of("UTC")))
                .isFalse();
        assertThat(QuietHours.parse("off").orElseThrow().contains(Instant.EPOCH, BERLIN))
                .isFalse();
        assertThat(QuietHours.parse("off").orElseThrow()).hasToString("off");
    }

    @Test
    void malformedWindowsAreRefused() {
        assertThat(QuietHours.parse("21-9")).isEmpty();
        assertThat(QuietHours.parse("21:00")).isEmpty();
        assertThat(QuietHours.parse("25:00-09:00")).isEmpty();
        assertThat(QuietHours.parse("09:00-09:00")).isEmpty();
        assertThat(QuietHours.parse("")).isEmpty();
    }
}
