package io.mlcycle.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlcycle.jobs.ingest.KafkaOffsetPlan.Plan;
import io.mlcycle.jobs.ingest.KafkaOffsetPlan.Range;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaOffsetPlanTest {
    @Test
    void readsFromAfterBronzesLargestOffsetToTheEndAndNewPartitionsFromTheEarliest() {
        Plan plan = KafkaOffsetPlan.plan("t", Map.of(0, 4L), Map.of(0, 0L, 1, 3L, 2, 0L), Map.of(0, 10L, 1, 5L, 2, 0L), 0);

        assertThat(plan.ranges()).containsExactly(new Range(0, 4, 10), new Range(1, 3, 5));
        assertThat(plan.warnings()).isEmpty();
    }

    @Test
    void boundsTheOffsetsInProportionToWhatEachPartitionHasWaiting() {
        // 6 + 4 waiting, 5 allowed: 5*6/10 = 3 and 5*4/10 = 2
        assertThat(KafkaOffsetPlan.plan("t", Map.of(), Map.of(0, 0L, 1, 0L), Map.of(0, 6L, 1, 4L), 5).ranges())
                .containsExactly(new Range(0, 0, 3), new Range(1, 0, 2));
        // 5 + 5 + 1 waiting, 4 allowed: 20/11 -> 1, 20/11 -> 1, 4/11 -> 0; the 2 left over go to partitions 0 and 1
        assertThat(KafkaOffsetPlan.plan("t", Map.of(), Map.of(0, 0L, 1, 0L, 2, 0L), Map.of(0, 5L, 1, 5L, 2, 1L), 4).ranges())
                .containsExactly(new Range(0, 0, 2), new Range(1, 0, 2));
        // fewer waiting than allowed: everything
        assertThat(KafkaOffsetPlan.plan("t", Map.of(0, 8L), Map.of(0, 0L), Map.of(0, 10L), 5).ranges()).containsExactly(new Range(0, 8, 10));
    }

    @Test
    void warnsAndReadsFromTheEarliestWhenRetentionDeletedRecordsNotYetIngested() {
        Plan plan = KafkaOffsetPlan.plan("t", Map.of(0, 2L), Map.of(0, 4L), Map.of(0, 5L), 0);

        assertThat(plan.ranges()).containsExactly(new Range(0, 4, 5));
        assertThat(plan.warnings()).containsExactly("Kafka records t/0 offsets 2 to 3 (2 records) were deleted by the topic's retention before they"
                + " were ingested; reading from the earliest offset 4");
    }

    @Test
    void readsNothingFromAPartitionThatEndsBeforeWhatBronzeHolds() {
        Plan plan = KafkaOffsetPlan.plan("t", Map.of(0, 7L), Map.of(0, 0L), Map.of(0, 3L), 0);

        assertThat(plan.ranges()).isEmpty();
        assertThat(plan.warnings()).singleElement().asString().startsWith("Bronze holds t/0 up to offset 6 but the partition ends at 3");
    }
}
