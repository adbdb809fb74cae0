package io.mlcycle.jobs.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MlflowModelRegistryTest {
    @Test
    void nameFilterQuotesWithTheQuoteTheNameLacks() {
        assertThat(MlflowModelRegistry.nameFilter("loan-default")).isEqualTo("name='loan-default'");
        assertThat(MlflowModelRegistry.nameFilter("bob's model")).isEqualTo("name=\"bob's model\"");
    }

    @Test
    void nameFilterRejectsNamesWithBothQuotes() {
        assertThatThrownBy(() -> MlflowModelRegistry.nameFilter("a'b\"c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot search the versions of model a'b\"c: its name contains both kinds of quote");
    }
}
