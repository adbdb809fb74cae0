package io.mlcycle.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.mlcycle.common.config.PrepareSettings.SplitMethod;
import io.mlcycle.common.dataset.DatasetSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrepareSettingsTest {
    private static final DatasetSpec TIMED = new DatasetSpec("timed", "id", "", "t", "y", List.of("x"), List.of());
    private static final DatasetSpec UNTIMED = new DatasetSpec("untimed", "id", "", "", "y", List.of("x"), List.of());

    private static ConfigReader reader(String text) {
        return new ConfigReader(ConfigFactory.parseString(text));
    }

    @Test
    void shipsAutoSplitAsTheDefault() {
        ConfigReader reader = new ConfigReader(ConfigLoader.load(Path.of("..", "conf", "local.conf")));

        assertThat(PrepareSettings.read(reader)).isEqualTo(new PrepareSettings(0.2, 11, SplitMethod.AUTO));
        assertThat(PrepareSettings.read(reader("mlcycle.prepare { test-fraction = 0.3 }")).split()).isEqualTo(SplitMethod.AUTO);
    }

    @Test
    void readsAFullOverride() {
        ConfigReader reader = reader("mlcycle.prepare { split = random, test-fraction = 0.25, seed = 3 }");

        assertThat(PrepareSettings.read(reader)).isEqualTo(new PrepareSettings(0.25, 3, SplitMethod.RANDOM));
        assertThat(reader.problems()).isEmpty();
    }

    @Test
    void autoSplitsByTimeOnlyWhenTheDatasetHasATimeColumn() {
        assertThat(new PrepareSettings(0.2, 1, SplitMethod.AUTO).splitFor(TIMED)).isEqualTo(SplitMethod.TIME);
        assertThat(new PrepareSettings(0.2, 1, SplitMethod.AUTO).splitFor(UNTIMED)).isEqualTo(SplitMethod.RANDOM);
        assertThat(new PrepareSettings(0.2, 1, SplitMethod.RANDOM).splitFor(TIMED)).isEqualTo(SplitMethod.RANDOM);
        assertThat(new PrepareSettings(0.2, 1, SplitMethod.TIME).splitFor(TIMED)).isEqualTo(SplitMethod.TIME);
    }

    @Test
    void namesAnUnknownSplit() {
        ConfigReader reader = reader("mlcycle.prepare { split = stratified, test-fraction = 0.2 }");
        PrepareSettings.read(reader);

        assertThat(reader.problems()).containsExactly(
                new ConfigProblem("mlcycle.prepare.split", "'stratified'", "one of [auto, time, random]"));
    }

    @Test
    void aTimeSplitNeedsATimeColumn() {
        ConfigReader reader = reader("mlcycle.prepare { split = time, test-fraction = 0.2 }");
        PrepareSettings settings = PrepareSettings.read(reader);
        settings.checkAgainst(TIMED, reader);
        assertThat(reader.problems()).isEmpty();

        settings.checkAgainst(UNTIMED, reader);

        assertThat(reader.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("mlcycle.prepare.split");
            assertThat(problem.message()).contains("'time'", "dataset 'untimed' has no time column", "split at random");
        });
        ConfigReader random = reader("mlcycle.prepare { split = random, test-fraction = 0.2 }");
        PrepareSettings.read(random).checkAgainst(UNTIMED, random);
        assertThat(random.problems()).isEmpty();
    }
}
