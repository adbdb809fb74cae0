package io.mlcycle.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StackTest {
    @Test
    void stopsJobsFirstThenPostgresThenMlflowThenKafka() {
        assertThat(Stack.stopOrder(List.of("generator", "kafka", "mlflow", "postgres", "scorer")))
                .containsExactly("generator", "scorer", "postgres", "mlflow", "kafka");
    }

    @Test
    void stopsOnlyWhatHasPidFiles() {
        assertThat(Stack.stopOrder(List.of("kafka"))).containsExactly("kafka");
        assertThat(Stack.stopOrder(List.of())).isEmpty();
    }
}
