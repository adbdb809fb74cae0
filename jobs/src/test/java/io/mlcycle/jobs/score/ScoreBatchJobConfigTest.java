package io.mlcycle.jobs.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.mlcycle.common.config.ConfigLoader;
import io.mlcycle.common.config.ConfigValidationException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScoreBatchJobConfigTest {
    private static final Config SHIPPED = ConfigLoader.load(Path.of("..", "conf", "local.conf"));

    @Test
    void defaultsScoreIntoTheGoldFolderWithTheScorersModelCache() {
        Config config = ConfigFactory.parseString("mlcycle.work-dir = \"/srv/work\"").withFallback(SHIPPED).resolve();

        ScoreBatchJobConfig scoring = ScoreBatchJobConfig.from(config);

        assertThat(scoring.workDir()).isEqualTo(Path.of("/srv/work"));
        assertThat(scoring.batchPredictionsTable()).isEqualTo("/srv/work/lake/gold/batch_predictions");
        assertThat(scoring.lake().silverTable()).isEqualTo("/srv/work/lake/silver/applications");
        assertThat(scoring.modelCacheDir()).isEqualTo(Path.of("/srv/work/cache/models"));
        assertThat(scoring.mlflow().registeredModel()).isEqualTo("mlcycle-loan-default");
        assertThat(scoring.mlflow().championAlias()).isEqualTo("champion");
    }

    @Test
    void everyKeyCanBeOverridden() {
        Config config = ConfigFactory.parseString("""
                mlcycle {
                  work-dir = "/srv/work"
                  lake { root = "s3a://bucket/lake", batch-predictions-table = "scores/nightly", silver-table = "clean/rows" }
                  scorer.model-cache-dir = "/tmp/models"
                  mlflow { registered-model = eu-model, champion-alias = live }
                }
                """).withFallback(SHIPPED).resolve();

        ScoreBatchJobConfig scoring = ScoreBatchJobConfig.from(config);

        assertThat(scoring.batchPredictionsTable()).isEqualTo("s3a://bucket/lake/scores/nightly");
        assertThat(scoring.lake().silverTable()).isEqualTo("s3a://bucket/lake/clean/rows");
        assertThat(scoring.modelCacheDir()).isEqualTo(Path.of("/tmp/models"));
        assertThat(scoring.mlflow().registeredModel()).isEqualTo("eu-model");
        assertThat(scoring.mlflow().championAlias()).isEqualTo("live");
    }

    @Test
    void aBlankTableIsNamedByItsKey() {
        Config config = ConfigFactory.parseString("mlcycle.lake.batch-predictions-table = \"\"").withFallback(SHIPPED).resolve();

        assertThatThrownBy(() -> ScoreBatchJobConfig.from(config))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("mlcycle.lake.batch-predictions-table");
    }
}
