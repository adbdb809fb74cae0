package io.mlcycle.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class JobArgumentsTest {
    @Test
    void scoreBatchTakesATableAVersionAndAModelVersion() {
        JobArguments arguments = JobArguments.parse(new String[] {"score-batch", "--config", "c.conf", "--table", "/lake/t",
                "--data-version", "3", "--model-version", "7"}, JobMain.JOBS);

        assertThat(arguments.job()).isEqualTo("score-batch");
        assertThat(arguments.configFile()).isEqualTo(Path.of("c.conf"));
        assertThat(arguments.scoring().table()).contains("/lake/t");
        assertThat(arguments.scoring().tableVersion()).isEqualTo(OptionalLong.of(3));
        assertThat(arguments.scoring().modelVersion()).isEqualTo(Optional.of("7"));
    }

    @Test
    void scoreBatchDefaultsToTheSilverTablesLatestVersionAndTheChampion() {
        JobArguments arguments = JobArguments.parse(new String[] {"score-batch"}, JobMain.JOBS);

        assertThat(arguments.scoring().table()).isEmpty();
        assertThat(arguments.scoring().tableVersion()).isEmpty();
        assertThat(arguments.scoring().modelVersion()).isEmpty();
    }

    @Test
    void scoringOptionsBelongToScoreBatchOnly() {
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"train", "--table", "/lake/t"}, JobMain.JOBS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot start job 'train': unexpected argument '--table'.");
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"score-batch", "--data-version", "-1"}, JobMain.JOBS))
                .hasMessageStartingWith("Cannot start job 'score-batch': --data-version expects a Delta table version (0, 1, ...), got '-1'.");
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"train", "--data-version", "x"}, JobMain.JOBS))
                .hasMessageStartingWith("Cannot start job 'train': --data-version expects a Delta table version (0, 1, ...), got 'x'.");
    }
}
