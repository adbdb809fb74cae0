package io.mlcycle.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AxisTest {
    @Test
    void unitAxisHasTicksEveryFifth() {
        Axis axis = Axis.unit("rate");

        assertThat(axis.ticks()).usingElementComparator((a, b) -> Math.abs(a - b) < 1e-12 ? 0 : Double.compare(a, b))
                .containsExactly(0.0, 0.2, 0.4, 0.6, 0.8, 1.0);
        assertThat(axis.ticks().stream().map(axis::format).toList()).containsExactly("0.0", "0.2", "0.4", "0.6", "0.8", "1.0");
    }

    @Test
    void coveringWidensToWholeTickSteps() {
        // range 390 / 6 target ticks = 65, rounded up to the nice step 100
        Axis axis = Axis.covering("value", -110, 280);

        assertThat(axis.min()).isEqualTo(-200);
        assertThat(axis.max()).isEqualTo(300);
        assertThat(axis.ticks().stream().map(axis::format).toList()).containsExactly("-200", "-100", "0", "100", "200", "300");
    }

    @Test
    void coveringASingleValueGivesItRoomOnBothSides() {
        Axis axis = Axis.covering("value", 5, 5);

        assertThat(axis.min()).isLessThan(5);
        assertThat(axis.max()).isGreaterThan(5);
    }

    @Test
    void formatsNegativeZeroAsZero() {
        Axis axis = new Axis("value", -1, 1);

        assertThat(axis.format(-0.0)).isEqualTo("0.0");
        assertThat(axis.format(-1e-17)).isEqualTo("0.0");
    }

    @Test
    void mapsValuesToFractionsOfTheRange() {
        Axis axis = new Axis("value", 10, 20);

        assertThat(axis.fraction(10)).isZero();
        assertThat(axis.fraction(17.5)).isCloseTo(0.75, within(1e-12));
        assertThat(List.of(axis.fraction(20))).containsExactly(1.0);
    }

    @Test
    void rejectsAnEmptyOrNonFiniteRange() {
        assertThatThrownBy(() -> new Axis("value", 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot make an axis from 1.0 to 1.0: need finite bounds with min < max");
        assertThatThrownBy(() -> Axis.covering("value", Double.NaN, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot fit an axis to the values NaN to 1.0: need finite values, low <= high");
    }
}
