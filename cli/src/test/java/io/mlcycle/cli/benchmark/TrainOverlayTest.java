package io.mlcycle.cli.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlcycle.cli.TestFiles;
import io.mlcycle.common.config.ConfigLoader;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.TrainSettings;
import io.mlcycle.common.config.TrainSettings.Algorithm;
import io.mlcycle.common.config.TrainSettings.AlgorithmSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overlay read back the way the train job reads its config: ConfigLoader, then TrainSettings. */
class TrainOverlayTest {
    @TempDir
    Path work;

    @Test
    void theRepositorysConfigTrainsOnlyTheOneAlgorithmWithoutItsGrid() throws Exception {
        // conf/application.conf trains logistic-regression and random-forest, each with a grid.
        Path userConfig = TestFiles.repositoryRoot().resolve("conf").resolve("local.conf");

        Path overlay = TrainOverlay.write(work.resolve("benchmark"), userConfig, Algorithm.DECISION_TREE);

        assertThat(overlay).isEqualTo(work.resolve("benchmark").resolve("train-decision-tree.conf"));
        ConfigReader reader = new ConfigReader(ConfigLoader.load(overlay));
        TrainSettings train = TrainSettings.read(reader);
        reader.throwIfInvalid();
        assertThat(train.algorithms()).containsExactly(new AlgorithmSpec(Algorithm.DECISION_TREE, java.util.Map.of()));
        assertThat(train.seed()).isEqualTo(7);
        assertThat(reader.string("mlcycle.spark.master")).as("from local.conf").isEqualTo("local[2]");
        assertThat(reader.string("mlcycle.mlflow.registered-model")).as("one registered model per algorithm")
                .isEqualTo("mlcycle-benchmark-decision-tree");
        assertThat(reader.string("mlcycle.mlflow.champion-alias")).as("from application.conf").isEqualTo("champion");
    }

    @Test
    void aUserFileThatDoesNotIncludeItsDefaultsGetsThemAsConfigLoaderWouldGiveThem() throws Exception {
        Path conf = Files.createDirectories(work.resolve("my conf \"dir\""));
        Files.writeString(conf.resolve("application.conf"), """
                mlcycle.train { seed = 7, algorithms = [ { name = "gbt", grid { max-depth = [3, 5] } } ] }
                mlcycle.mlflow.champion-alias = "champion"
                """);
        Path userConfig = conf.resolve("mine.conf");
        Files.writeString(userConfig, """
                mlcycle.train.seed = 11
                mlcycle.train.algorithms = [ "logistic-regression", "random-forest" ]
                """);

        Path overlay = TrainOverlay.write(work.resolve("benchmark"), userConfig, Algorithm.NAIVE_BAYES);

        ConfigReader reader = new ConfigReader(ConfigLoader.load(overlay));
        TrainSettings train = TrainSettings.read(reader);
        reader.throwIfInvalid();
        assertThat(train.algorithms()).containsExactly(AlgorithmSpec.of(Algorithm.NAIVE_BAYES));
        assertThat(train.seed()).as("the user's file wins over its application.conf").isEqualTo(11);
        assertThat(reader.string("mlcycle.mlflow.champion-alias")).isEqualTo("champion");
        assertThat(Files.readString(overlay)).startsWith("# Written by ./mlcycle benchmark for stage train:naive-bayes")
                .contains("mlcycle.train.algorithms = [ { name = \"naive-bayes\" } ]");
    }
}
