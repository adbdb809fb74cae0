package io.mlcycle.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.mlcycle.common.config.EvaluationSettings.Segment;
import io.mlcycle.common.dataset.DatasetSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationSettingsTest {
    private static ConfigReader reader(String text) {
        return new ConfigReader(ConfigFactory.parseString(text));
    }

    @Test
    void readsTheShippedDefaultsAndTheyFitTheDefaultDataset() {
        ConfigReader reader = new ConfigReader(ConfigLoader.load(Path.of("..", "conf", "local.conf")));
        EvaluationSettings settings = EvaluationSettings.read(reader);
        settings.checkAgainst(DatasetSpec.read(reader), reader);

        assertThat(reader.problems()).isEmpty();
        assertThat(settings).isEqualTo(new EvaluationSettings(new EvaluationSettings.Bootstrap(200, 0.95, 1_000_000),
                List.of(new Segment("channel", List.of()), new Segment("employment", List.of()), new Segment("age", List.of(30.0, 50.0, 70.0))),
                30, 30, new EvaluationSettings.Robustness(true, 0.1, 0.1), 10, 5000));
    }

    @Test
    void readsAFullOverride() {
        ConfigReader reader = reader("""
                mlcycle.evaluation {
                  bootstrap { replicates = 50, level = 0.9, max-collected-rows = 2000 }
                  segments = [ { column = income, edges = [1000.5] } ]
                  min-slice-rows = 5
                  fairness { min-group-rows = 7 }
                  robustness { enabled = false, noise-scale = 0.5, missing-share = 0 }
                  calibration-bins = 20
                  chart-sample-rows = 300
                }
                """);

        EvaluationSettings settings = EvaluationSettings.read(reader);

        assertThat(reader.problems()).isEmpty();
        assertThat(settings).isEqualTo(new EvaluationSettings(new EvaluationSettings.Bootstrap(50, 0.9, 2000),
                List.of(new Segment("income", List.of(1000.5))), 5, 7, new EvaluationSettings.Robustness(false, 0.5, 0.0), 20, 300));
    }

    @Test
    void absentBlockGivesTheDocumentedDefaults() {
        EvaluationSettings settings = EvaluationSettings.read(reader("mlcycle {}"));

        assertThat(settings.bootstrap()).isEqualTo(new EvaluationSettings.Bootstrap(200, 0.95, 1_000_000));
        assertThat(settings.segments()).isEmpty();
        assertThat(settings.minSliceRows()).isEqualTo(30);
        assertThat(settings.robustness()).isEqualTo(new EvaluationSettings.Robustness(true, 0.1, 0.1));
    }

    @Test
    void namesEveryBadValueByItsFullKey() {
        ConfigReader reader = reader("""
                mlcycle.evaluation {
                  bootstrap { replicates = 1, level = 1.5, seeds = 3 }
                  segments = [ "channel", { column = age, edges = [50, 30] }, { column = "", edges = [] }, 7 ]
                  min-slice-rows = 0
                  fairness { min-group-rows = -1 }
                  robustness { noise-scale = -0.1, missing-share = 2 }
                  calibration-bins = 1
                  slices = []
                }
                """);

        EvaluationSettings.read(reader);

        assertThat(reader.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "mlcycle.evaluation.bootstrap.replicates", "mlcycle.evaluation.bootstrap.level", "mlcycle.evaluation.bootstrap.seeds",
                "mlcycle.evaluation.segments[1].edges", "mlcycle.evaluation.segments[2].column", "mlcycle.evaluation.segments[2].edges",
                "mlcycle.evaluation.segments[3]", "mlcycle.evaluation.min-slice-rows", "mlcycle.evaluation.fairness.min-group-rows",
                "mlcycle.evaluation.robustness.noise-scale", "mlcycle.evaluation.robustness.missing-share",
                "mlcycle.evaluation.calibration-bins", "mlcycle.evaluation.slices");
        assertThat(reader.problems().get(0).message()).startsWith("Cannot use mlcycle.evaluation.");
    }

    @Test
    void segmentsMustBeColumnsOfTheDatasetAndBucketedOnesNumeric() {
        ConfigReader reader = reader("mlcycle.evaluation.segments = [ \"channel\", \"colour\", { column = channel, edges = [1] }, { column = amount, edges = [1] } ]");
        DatasetSpec dataset = new DatasetSpec("d", "id", "", "", "y", List.of("amount"), List.of("channel"));

        EvaluationSettings.read(reader).checkAgainst(dataset, reader);

        assertThat(reader.problems()).extracting(ConfigProblem::key)
                .containsExactly("mlcycle.evaluation.segments[1].column", "mlcycle.evaluation.segments[2].edges");
    }
}
