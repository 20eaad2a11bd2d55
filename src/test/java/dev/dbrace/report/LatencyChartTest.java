package dev.dbrace.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The latency chart's y axis: 1-2-5 ticks from a power of ten up to the nearest 1-2-5 value above the maximum. */
class LatencyChartTest {

    @Test
    void ticksAreOneTwoFivePerDecade() {
        assertThat(LatencyChart.ticks(0.1, 20)).containsExactly(0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0);
        assertThat(LatencyChart.ticks(1, 1)).containsExactly(1.0);
    }

    @Test
    void theTopIsTheNextOneTwoFiveValue() {
        assertThat(LatencyChart.niceCeiling(113)).isEqualTo(200);
        assertThat(LatencyChart.niceCeiling(200)).isEqualTo(200);
        assertThat(LatencyChart.niceCeiling(26.4)).isEqualTo(50);
        assertThat(LatencyChart.niceCeiling(0.7)).isEqualTo(1);
    }
}
