package io.mlcycle.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.mlcycle.common.config.GateSettings.FairnessGap;
import io.mlcycle.common.dataset.TaskType;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateSettingsTest {
    private static ConfigReader reader(String text) {
        return new ConfigReader(ConfigFactory.parseString(text));
    }

    @Test
    void readsTheShippedDefaults() {
        ConfigReader reader = new ConfigReader(ConfigLoader.load(Path.of("..", "conf", "local.conf")));
        GateSettings settings = GateSettings.read(reader);
        settings.checkAgainst(TaskType.BINARY, reader);

        assertThat(reader.problems()).isEmpty();
        assertThat(settings).isEqualTo(new GateSettings(Map.of("auc-roc", 0.6),
                Map.of(FairnessGap.DEMOGRAPHIC_PARITY_DIFFERENCE, 0.3, FairnessGap.EQUAL_OPPORTUNITY_DIFFERENCE, 0.3), 0.0, 0.0));
    }

    @Test
    void readsAFullOverride() {
        ConfigReader reader = reader("""
                mlcycle.gate {
                  metric-bounds { rmse = 12.5, r2 = 0.4 }
                  max-fairness-gaps { equal-opportunity-difference = 0.1 }
                  min-disparate-impact-ratio = 0.8
                  min-improvement = -0.01
                }
                """);

        GateSettings settings = GateSettings.read(reader);
        settings.checkAgainst(TaskType.REGRESSION, reader);

        assertThat(reader.problems()).isEmpty();
        assertThat(settings).isEqualTo(new GateSettings(Map.of("rmse", 12.5, "r2", 0.4),
                Map.of(FairnessGap.EQUAL_OPPORTUNITY_DIFFERENCE, 0.1), 0.8, -0.01));
    }

    @Test
    void absentBlockChecksNothingButTheChampion() {
        GateSettings settings = GateSettings.read(reader("mlcycle {}"));

        assertThat(settings).isEqualTo(new GateSettings(Map.of(), Map.of(), 0.0, 0.0));
    }

    @Test
    void namesEveryBadValueByItsFullKey() {
        ConfigReader reader = reader("""
                mlcycle.gate {
                  metric-bounds { auc = 0.7, f1 = high, rmse = [1] }
                  max-fairness-gaps { demographic-parity-difference = 1.5, statistical-parity = 0.1 }
                  min-disparate-impact-ratio = -1
                  min-improvment = 0.1
                }
                """);

        GateSettings.read(reader);

        assertThat(reader.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "mlcycle.gate.metric-bounds.auc", "mlcycle.gate.metric-bounds.f1", "mlcycle.gate.metric-bounds.rmse",
                "mlcycle.gate.max-fairness-gaps.demographic-parity-difference", "mlcycle.gate.max-fairness-gaps.statistical-parity",
                "mlcycle.gate.min-disparate-impact-ratio", "mlcycle.gate.min-improvment");
    }

    @Test
    void boundedMetricsMustBelongToTheTask() {
        ConfigReader reader = reader("mlcycle.gate.metric-bounds { auc-roc = 0.7, rmse = 3 }");

        GateSettings.read(reader).checkAgainst(TaskType.REGRESSION, reader);

        assertThat(reader.problems()).extracting(ConfigProblem::key).containsExactly("mlcycle.gate.metric-bounds.auc-roc");
        assertThat(reader.problems().get(0).message()).contains("a metric of a regression task: [rmse, mae, r2]");
    }
}
