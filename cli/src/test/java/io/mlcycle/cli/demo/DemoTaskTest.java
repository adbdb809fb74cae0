package io.mlcycle.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import io.mlcycle.common.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.TypeConversionException;

/** The config the demo runs a task with: the task's layer over the user's --config file, whose own keys stay beneath it. */
class DemoTaskTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path work;

    @Test
    void binaryRunsTheUserConfigAsItIs() {
        Path user = REPOSITORY.resolve("conf").resolve("local.conf");

        assertThat(DemoTask.BINARY.configFile(user, work, REPOSITORY)).isEqualTo(user);
        assertThat(work.resolve("demo")).doesNotExist();
    }

    @Test
    void multiclassLayersItsKeysOverTheUserConfig() throws Exception {
        Path user = work.resolve("mine.conf");
        Files.writeString(user, "include file(\"" + REPOSITORY.resolve("conf").resolve("local.conf") + "\")\n"
                + "mlcycle.generator.history-rows = 1234\n"
                + "mlcycle.lake.root = \"my-lake\"\n");

        Path file = DemoTask.MULTICLASS.configFile(user, work, REPOSITORY);
        Config config = ConfigLoader.load(file);

        assertThat(file).isEqualTo(work.resolve("demo").resolve("multiclass.conf"));
        assertThat(config.getString("mlcycle.dataset.task")).isEqualTo("multiclass");
        assertThat(config.getString("mlcycle.dataset.label-column")).isEqualTo("risk_grade");
        assertThat(config.getString("mlcycle.mlflow.registered-model")).isEqualTo("mlcycle-loan-risk-grade");
        assertThat(config.getString("mlcycle.kafka.topics.labels")).isEqualTo("labels-multiclass");
        assertThat(config.getInt("mlcycle.generator.history-rows")).as("a key of the user's file the task does not set").isEqualTo(1234);
        assertThat(config.getString("mlcycle.lake.root")).as("the task's own lake wins over the user's").isEqualTo("lake-multiclass");
        assertThat(config.getString("mlcycle.spark.master")).as("conf/local.conf, through the user's include").isEqualTo("local[2]");
    }

    @Test
    void regressionFallsBackToTheApplicationConfNextToAUserFileWithoutIncludes() throws Exception {
        Path conf = work.resolve("conf");
        Files.createDirectories(conf);
        Files.copy(REPOSITORY.resolve("conf").resolve("application.conf"), conf.resolve("application.conf"));
        Path user = conf.resolve("bare.conf");
        Files.writeString(user, "mlcycle.demo.clean-windows = 3\n");

        Config config = ConfigLoader.load(DemoTask.REGRESSION.configFile(user, work, REPOSITORY));

        assertThat(config.getString("mlcycle.dataset.label-column")).isEqualTo("interest_rate");
        assertThat(config.getInt("mlcycle.demo.clean-windows")).isEqualTo(3);
        assertThat(config.getString("mlcycle.kafka.topics.events")).as("defaults from application.conf, under the layer").isEqualTo("events-regression");
        assertThat(config.hasPath("mlcycle.retrain.min-labeled-events")).as("defaults from application.conf").isTrue();
    }

    @Test
    void readsTheTaskInAnyCaseAndNamesTheChoices() {
        DemoTask.Converter converter = new DemoTask.Converter();

        assertThat(converter.convert("Regression")).isEqualTo(DemoTask.REGRESSION);
        assertThatThrownBy(() -> converter.convert("ranking")).isInstanceOf(TypeConversionException.class)
                .hasMessage("Cannot run the demo for task 'ranking': use one of binary, multiclass, regression.");
    }
}
