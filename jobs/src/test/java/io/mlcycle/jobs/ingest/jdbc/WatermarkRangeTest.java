package io.mlcycle.jobs.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class WatermarkRangeTest {
    private static final Timestamp JAN_1 = Timestamp.from(Instant.parse("2026-01-01T00:00:00Z"));
    private static final Timestamp JAN_2 = Timestamp.from(Instant.parse("2026-01-02T06:30:00.123456Z"));

    @Test
    void aFirstRunReadsEverythingUpToTheSourcesLargestWatermark() {
        WatermarkRange range = new WatermarkRange(null, JAN_2);

        assertThat(range.isEmpty()).isFalse();
        assertThat(range.text()).isEqualTo("(-inf, 2026-01-02T06:30:00.123456Z]");
    }

    @Test
    void aLaterRunReadsAboveTheLastWatermark() {
        WatermarkRange range = new WatermarkRange(JAN_1, JAN_2);

        assertThat(range.isEmpty()).isFalse();
        assertThat(range.text()).isEqualTo("(2026-01-01T00:00:00Z, 2026-01-02T06:30:00.123456Z]");
    }

    @Test
    void isEmptyWhenTheSourceHasNothingAboveTheLastWatermark() {
        assertThat(new WatermarkRange(JAN_2, JAN_2).isEmpty()).isTrue();
        assertThat(new WatermarkRange(JAN_2, JAN_2).text()).isEqualTo("(2026-01-02T06:30:00.123456Z, 2026-01-02T06:30:00.123456Z]");
        assertThat(new WatermarkRange(JAN_2, JAN_1).isEmpty()).isTrue();
        assertThat(new WatermarkRange(null, null).isEmpty()).isTrue();
        assertThat(new WatermarkRange(null, null).text()).isEqualTo("(-inf, -inf]");
    }

    @Test
    void comparesNumbersAndDates() {
        assertThat(new WatermarkRange(41L, 42L).isEmpty()).isFalse();
        assertThat(new WatermarkRange(new BigDecimal("10.50"), new BigDecimal("10.500000")).isEmpty()).isTrue();
        assertThat(new WatermarkRange(7, 8L).isEmpty()).isFalse();
        assertThat(new WatermarkRange(Date.valueOf(LocalDate.of(2026, 1, 1)), Date.valueOf(LocalDate.of(2026, 1, 3))).text())
                .isEqualTo("(2026-01-01, 2026-01-03]");
    }

    @Test
    void refusesToCompareUnrelatedTypes() {
        assertThatThrownBy(() -> new WatermarkRange("abc", 5L).isEmpty())
                .hasMessage("Cannot compare watermarks 5 (Long) and abc (String): use a numeric, date or timestamp watermark-column");
    }
}
