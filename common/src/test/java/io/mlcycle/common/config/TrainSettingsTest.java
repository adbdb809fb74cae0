package io.mlcycle.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.mlcycle.common.config.TrainSettings.Algorithm;
import io.mlcycle.common.config.TrainSettings.ThresholdRule;
import io.mlcycle.common.config.TrainSettings.TuningMethod;
import io.mlcycle.common.dataset.TaskType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainSettingsTest {
    private static ConfigReader reader(String text) {
        return new ConfigReader(ConfigFactory.parseString(text));
    }

    @Test
    void readsAlgorithmsWithGridsTuningAndThreshold() {
        ConfigReader reader = reader("""
                mlcycle.train {
                  algorithms = [
                    { name = logistic-regression, grid { reg-param = [0.01, 0.1], max-iter = 50, standardization = [true, false] } }
                    decision-tree
                  ]
                  seed = 3
                  selection-metric = auc-pr
                  tuning { method = cross-validation, folds = 4, parallelism = 2 }
                  validation-fraction = 0.25
                  weight-column = w
                  threshold { rule = min-cost, false-negative-cost = 5 }
                }
                """);
        TrainSettings settings = TrainSettings.read(reader);

        assertThat(reader.problems()).isEmpty();
        assertThat(settings.algorithms()).hasSize(2);
        assertThat(settings.algorithms().get(0).algorithm()).isEqualTo(Algorithm.LOGISTIC_REGRESSION);
        assertThat(settings.algorithms().get(0).grid()).isEqualTo(Map.of(
                "reg-param", List.of("0.01", "0.1"), "max-iter", List.of("50"), "standardization", List.of("true", "false")));
        assertThat(settings.algorithms().get(0).grid().keySet()).containsExactly("max-iter", "reg-param", "standardization");
        assertThat(settings.algorithms().get(1).grid()).isEmpty();
        assertThat(settings.tuning()).isEqualTo(new TrainSettings.TuningSettings(TuningMethod.CROSS_VALIDATION, 4, 0.8, 2));
        assertThat(settings.validationFraction()).isEqualTo(0.25);
        assertThat(settings.weightColumn()).isEqualTo("w");
        assertThat(settings.threshold()).isEqualTo(new TrainSettings.ThresholdSettings(ThresholdRule.MIN_COST, 0.5, 1.0, 5.0));
        assertThat(settings.selectionMetricFor(TaskType.BINARY)).isEqualTo("auc-pr");
    }

    @Test
    void defaultsFollowTheTask() {
        TrainSettings settings = TrainSettings.read(reader("mlcycle.train { algorithms = [random-forest], seed = 1 }"));

        assertThat(settings.selectionMetricFor(TaskType.BINARY)).isEqualTo("auc-roc");
        assertThat(settings.selectionMetricFor(TaskType.MULTICLASS)).isEqualTo("f1");
        assertThat(settings.selectionMetricFor(TaskType.REGRESSION)).isEqualTo("rmse");
        assertThat(settings.tuning().method()).isEqualTo(TuningMethod.TRAIN_VALIDATION_SPLIT);
        assertThat(settings.threshold().rule()).isEqualTo(ThresholdRule.FIXED);
        assertThat(settings.threshold().fixed()).isEqualTo(0.5);
    }

    @Test
    void namesEveryProblemByItsFullKey() {
        ConfigReader reader = reader("""
                mlcycle.train {
                  algorithms = [{ name = xgboost }, { name = gbt, grid { max-depth = [] }, gird {} }]
                  seed = 1
                  selection-metric = auc
                }
                """);
        TrainSettings.read(reader);

        assertThat(reader.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "mlcycle.train.algorithms[0].name", "mlcycle.train.algorithms[1].grid.max-depth", "mlcycle.train.algorithms[1].gird",
                "mlcycle.train.selection-metric");
    }

    @Test
    void algorithmsAndMetricMustFitTheTask() {
        ConfigReader reader = reader("mlcycle.train { algorithms = [linear-svm, linear-regression, random-forest], seed = 1, selection-metric = auc-roc }");
        TrainSettings settings = TrainSettings.read(reader);
        settings.checkAgainst(TaskType.MULTICLASS, reader);

        assertThat(reader.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "mlcycle.train.algorithms[0].name", "mlcycle.train.algorithms[1].name", "mlcycle.train.selection-metric");
        assertThat(TrainSettings.largerIsBetter("rmse")).isFalse();
        assertThat(TrainSettings.largerIsBetter("r2")).isTrue();
    }
}
