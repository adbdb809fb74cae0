package io.mlcycle.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlcycle.common.dataset.ColumnSpec;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.TaskType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * conf/tasks/*.conf: the built-in data as a multiclass and a regression task. Each overlay is valid as every job reads
 * it (the checks of './mlcycle validate-config', the Kafka and scorer settings aside), takes its own target as the
 * label, keeps the demo's features and sources, and has tables, topics and a registered model apart from the demo's.
 */
class TaskOverlaysTest {
    private static final List<String> TARGETS = List.of("defaulted", "risk_grade", "interest_rate");
    private static final Path TASKS = Path.of("..", "conf", "tasks");

    @Test
    void theMulticlassOverlayPredictsTheRiskGrade() {
        assertOverlay("multiclass.conf", TaskType.MULTICLASS, "risk_grade", "f1", "mlcycle-loan-risk-grade");
    }

    @Test
    void theRegressionOverlayPredictsTheInterestRate() {
        assertOverlay("regression.conf", TaskType.REGRESSION, "interest_rate", "rmse", "mlcycle-loan-interest-rate");
    }

    private static void assertOverlay(String file, TaskType task, String label, String metric, String model) {
        ConfigReader demo = new ConfigReader(ConfigLoader.load(Path.of("..", "conf", "local.conf")));
        DatasetSpec binary = DatasetSpec.read(demo);
        Path demoWorkDir = WorkDir.read(demo);
        ConfigReader reader = new ConfigReader(ConfigLoader.load(TASKS.resolve(file)));

        Path workDir = WorkDir.read(reader);
        LakeSettings lake = LakeSettings.read(reader, workDir);
        MlflowSettings mlflow = MlflowSettings.read(reader);
        DatasetSpec dataset = DatasetSpec.read(reader);
        GeneratorSettings generator = GeneratorSettings.read(reader, workDir);
        TrainSettings train = TrainSettings.read(reader);
        SparkSettings.read(reader);
        StackSettings.read(reader, workDir);
        PrepareSettings.read(reader).checkAgainst(dataset, reader);
        train.checkAgainst(dataset.task(), reader);
        EvaluationSettings.read(reader).checkAgainst(dataset, reader);
        GateSettings.read(reader).checkAgainst(dataset.task(), reader);
        MonitorSettings.read(reader);
        RetrainSettings.read(reader);
        DemoSettings.read(reader);
        reader.throwIfInvalid();

        assertThat(dataset.task()).isEqualTo(task);
        assertThat(dataset.labelColumn()).isEqualTo(label);
        List<String> columns = dataset.schema().stream().map(ColumnSpec::name).toList();
        assertThat(columns).contains(label).doesNotContainAnyElementsOf(TARGETS.stream().filter(target -> !target.equals(label)).toList());
        assertThat(dataset.features()).as("the demo's features, no target among them").isEqualTo(binary.features())
                .doesNotContainAnyElementsOf(TARGETS);
        assertThat(dataset.sources()).isEqualTo(binary.sources());
        assertThat(generator.outputDir()).as("the demo's generated files").isEqualTo(GeneratorSettings.read(demo, demoWorkDir).outputDir());
        assertThat(lake.silverTable()).as("tables apart from the demo's").isNotEqualTo(LakeSettings.read(demo, demoWorkDir).silverTable());
        assertThat(lake.bronzeDir()).isNotEqualTo(LakeSettings.read(demo, demoWorkDir).bronzeDir());
        assertThat(KafkaSettings.read(reader).topics().all()).as("topics apart from the demo's")
                .doesNotContainAnyElementsOf(KafkaSettings.read(demo).topics().all());
        assertThat(mlflow.registeredModel()).isEqualTo(model);
        assertThat(train.selectionMetricFor(task)).isEqualTo(metric);
    }
}
