package io.mlcycle.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.common.drift.CategoricalReference;
import io.mlcycle.common.drift.ReferenceProfile;
import io.mlcycle.common.io.ModelFiles;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.common.scoring.ScoringModel;
import io.mlcycle.platform.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChampionModelsTest {
    private static final String MODEL = "model";
    private static SparkSession spark;

    @TempDir
    static Path sources;
    @TempDir
    Path cache;

    private FakeModelRegistry registry;
    private CountingModelFiles files;

    @BeforeAll
    static void writeModelFolders() throws Exception {
        spark = SparkSessions.create("ChampionModelsTest", TestSettings.SPARK);
        PipelineModel binary = TestModels.fitWith(spark, new LogisticRegression().setLabelCol("label").setMaxIter(5));
        PipelineModel regression = TestModels.fitRegression(spark);
        for (String version : List.of("1", "2", "regression")) {
            Path dir = Files.createDirectories(sources.resolve("v" + version));
            (version.equals("regression") ? regression : binary).save(dir.resolve(ChampionModels.PIPELINE_DIR).toString());
            Files.writeString(dir.resolve(ChampionModels.REFERENCE_FILE), reference(version).toJson());
        }
        Files.createDirectories(sources.resolve("incomplete").resolve(ChampionModels.PIPELINE_DIR));
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @BeforeEach
    void registry() {
        registry = new FakeModelRegistry();
        registry.createVersion(MODEL, sources.resolve("v1").toString(), "run-1", Map.of());
        registry.createVersion(MODEL, sources.resolve("v2").toString(), "run-2", Map.of());
        registry.createVersion(MODEL, sources.resolve("incomplete").toString(), "run-3", Map.of());
        registry.createVersion(MODEL, sources.resolve("vregression").toString(), "run-4", Map.of());
        files = new CountingModelFiles();
    }

    @Test
    void followsTheAliasAndDownloadsEachVersionOnce() {
        ChampionModels champions = new ChampionModels(registry, files, MODEL, "champion", cache, TestModels.SPEC.task());
        registry.setAlias(MODEL, "champion", "1");

        ScoringModel first = champions.current();
        assertThat(champions.current()).isSameAs(first);
        registry.setAlias(MODEL, "champion", "2");
        ScoringModel second = champions.current();
        registry.setAlias(MODEL, "champion", "1");
        ScoringModel firstAgain = champions.current();

        assertThat(first.version()).isEqualTo(new ModelVersion(MODEL, "1", "run-1", sources.resolve("v1").toString()));
        assertThat(first.reference()).isEqualTo(reference("1"));
        assertThat(second.version().version()).isEqualTo("2");
        assertThat(second.reference()).isEqualTo(reference("2"));
        assertThat(firstAgain).isSameAs(first);
        assertThat(files.downloads).containsExactly(sources.resolve("v1").toString(), sources.resolve("v2").toString());
        assertThat(cache.resolve(MODEL).resolve("2").resolve(ChampionModels.REFERENCE_FILE)).exists();
    }

    @Test
    void restartedScorerReusesTheDownloadedFolder() {
        registry.setAlias(MODEL, "champion", "1");
        new ChampionModels(registry, files, MODEL, "champion", cache, TestModels.SPEC.task()).current();

        ScoringModel afterRestart = new ChampionModels(registry, files, MODEL, "champion", cache, TestModels.SPEC.task()).current();

        assertThat(afterRestart.version().version()).isEqualTo("1");
        assertThat(files.downloads).hasSize(1);
    }

    @Test
    void withoutAChampionSaysWhatToDo() {
        ChampionModels champions = new ChampionModels(registry, files, MODEL, "champion", cache, TestModels.SPEC.task());

        assertThatThrownBy(champions::current)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot find a champion model: registered model 'model' has no version with alias 'champion'. The scorer"
                        + " serves the version that alias points at; train and promote a model first (mlcycle train), then start the scorer.");
    }

    @Test
    void keepsTheChampionWhenTheRegistryFailsOrTheAliasIsGone() {
        FailingRegistry failing = new FailingRegistry(registry);
        ChampionModels champions = new ChampionModels(failing, files, MODEL, "champion", cache, TestModels.SPEC.task());
        registry.setAlias(MODEL, "champion", "1");
        ScoringModel first = champions.current();

        failing.failing = true;
        assertThat(champions.current()).isSameAs(first);
        failing.failing = false;
        registry.setAlias(MODEL, "champion", "no-such-version");
        assertThat(champions.current()).isSameAs(first);
    }

    @Test
    void registryFailureBeforeAnyChampionIsRaised() {
        FailingRegistry failing = new FailingRegistry(registry);
        failing.failing = true;

        assertThatThrownBy(() -> new ChampionModels(failing, files, MODEL, "champion", cache, TestModels.SPEC.task()).current())
                .hasMessage("registry is down");
    }

    @Test
    void rejectsAModelFolderWithoutReference() {
        registry.setAlias(MODEL, "champion", "3");

        assertThatThrownBy(() -> new ChampionModels(registry, files, MODEL, "champion", cache, TestModels.SPEC.task()).current())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot use model version 3 from " + sources.resolve("incomplete") + ": the model folder needs sparkml/"
                        + " (the Spark pipeline) and drift_reference.json (the drift reference), and " + cache.resolve(MODEL).resolve("3")
                        + " lacks one. Retrain and register the model with the training job.");
    }

    @Test
    void aVersionOfAnotherTaskIsSkippedUntilTheAliasMovesAgain() {
        ChampionModels champions = new ChampionModels(registry, files, MODEL, "champion", cache, TestModels.SPEC.task());
        registry.setAlias(MODEL, "champion", "1");
        ScoringModel first = champions.current();

        registry.setAlias(MODEL, "champion", "4");
        assertThat(champions.current()).isSameAs(first);
        assertThat(champions.current()).isSameAs(first);
        registry.setAlias(MODEL, "champion", "2");
        assertThat(champions.current().version().version()).isEqualTo("2");
        assertThat(files.downloads).containsExactly(sources.resolve("v1").toString(), sources.resolve("vregression").toString(),
                sources.resolve("v2").toString());
    }

    @Test
    void aFirstChampionOfAnotherTaskIsRaised() {
        registry.setAlias(MODEL, "champion", "4");

        assertThatThrownBy(() -> new ChampionModels(registry, files, MODEL, "champion", cache, TestModels.SPEC.task()).current())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot serve model version 4: it is a regression model and mlcycle.dataset.task is binary. Move the champion"
                        + " alias to a model trained on this dataset, or set mlcycle.dataset.task to the model's task.");
    }

    @Test
    void referenceOfAnEarlierVersionIsFetchedWithoutLoadingIt() {
        registry.setAlias(MODEL, "champion", "2");
        ChampionModels champions = new ChampionModels(registry, files, MODEL, "champion", cache, TestModels.SPEC.task());

        assertThat(champions.reference("1")).isEqualTo(reference("1"));
        assertThatThrownBy(() -> champions.reference("9"))
                .hasMessageStartingWith("Cannot find version 9 of registered model 'model' in the registry");
    }

    private static ReferenceProfile reference(String version) {
        return new ReferenceProfile(List.of(new CategoricalReference("channel", List.of("v" + version), List.of(3L, 1L, 0L))));
    }

    /** Copies folders and records what it was asked for. */
    private static final class CountingModelFiles implements ModelFiles {
        private final List<String> downloads = new ArrayList<>();
        private final ModelFiles copy = new DirectoryModelFiles();

        @Override
        public Path download(String sourceUri, Path targetDir) {
            downloads.add(sourceUri);
            return copy.download(sourceUri, targetDir);
        }
    }

    /** The fake registry, failing on demand like an unreachable server. */
    private static final class FailingRegistry implements io.mlcycle.common.io.ModelRegistry {
        private final FakeModelRegistry delegate;
        private volatile boolean failing;

        FailingRegistry(FakeModelRegistry delegate) {
            this.delegate = delegate;
        }

        @Override
        public void ensureRegisteredModel(String name) {
            delegate.ensureRegisteredModel(name);
        }

        @Override
        public ModelVersion createVersion(String name, String source, String runId, Map<String, String> tags) {
            return delegate.createVersion(name, source, runId, tags);
        }

        @Override
        public void setAlias(String name, String alias, String version) {
            delegate.setAlias(name, alias, version);
        }

        @Override
        public void deleteAlias(String name, String alias) {
            delegate.deleteAlias(name, alias);
        }

        @Override
        public Optional<ModelVersion> versionByAlias(String name, String alias) {
            if (failing) {
                throw new IllegalStateException("registry is down");
            }
            return delegate.versionByAlias(name, alias);
        }

        @Override
        public List<ModelVersion> versions(String name) {
            return delegate.versions(name);
        }
    }
}
