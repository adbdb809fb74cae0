package io.mlcycle.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.jobs.BuildInfo;
import io.mlcycle.platform.delta.Lineage;
import io.mlcycle.platform.tracking.ResolvedConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunTagsTest {
    @Test
    void tagsTraceTheRunToItsDataCodeConfigurationAndSeed() {
        Config config = ConfigFactory.parseFile(Path.of("..", "conf", "application.conf").toFile()).resolve();
        DatasetSpec spec = DatasetSpec.read(new ConfigReader(config));
        ResolvedConfig resolved = ResolvedConfig.of(config);

        Map<String, String> tags = RunTags.of("train", "train-logistic", spec, new Lineage.TableVersion("/lake/features", 7),
                new BuildInfo("0123abc", true), resolved, 42L);

        assertThat(tags)
                .containsEntry("mlflow.runName", "train-logistic")
                .containsEntry("mlflow.source.name", "mlcycle train")
                .containsEntry("mlflow.source.git.commit", "0123abc")
                .containsEntry("mlcycle.git.dirty", "true")
                .containsEntry("mlcycle.stage", "train")
                .containsEntry("mlcycle.dataset", "loan-applications")
                .containsEntry("mlcycle.data.table", "/lake/features")
                .containsEntry("mlcycle.data.version", "7")
                .containsEntry("mlcycle.config.hash", resolved.hash())
                .containsEntry("mlcycle.seed", "42")
                .containsEntry("mlcycle.java.version", System.getProperty("java.version"))
                .containsEntry("mlcycle.spark.version", "4.2.0")
                .containsKey("mlcycle.version");
        assertThat(tags.get("mlcycle.config.hash")).matches("[0-9a-f]{64}");
    }
}
