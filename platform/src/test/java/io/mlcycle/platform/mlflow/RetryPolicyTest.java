package io.mlcycle.platform.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Test
    void backoffDoublesFrom250MillisecondsUpToEightSeconds() {
        RetryPolicy policy = RetryPolicy.ofAttempts(4);

        assertThat(policy.backoffAfter(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(policy.backoffAfter(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.backoffAfter(3)).isEqualTo(Duration.ofMillis(1000));
        assertThat(policy.backoffAfter(6)).isEqualTo(Duration.ofMillis(8000));
        assertThat(policy.backoffAfter(7)).isEqualTo(Duration.ofMillis(8000));
        assertThat(policy.backoffAfter(1000)).isEqualTo(Duration.ofMillis(8000));
    }

    @Test
    void rejectsFewerThanOneAttempt() {
        assertThatThrownBy(() -> RetryPolicy.ofAttempts(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot retry with maxAttempts below 1: 0");
    }

    @Test
    void rejectsAMaximumBackoffBelowTheInitialOne() {
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot retry with backoff from PT2S to PT1S: need 0 <= initial <= max");
    }
}
