package io.mlcycle.cli.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.common.dataset.TaskType;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkPlanTest {
    @Test
    void theDefaultStagesDoNotTrain() {
        BenchmarkPlan plan = BenchmarkPlan.of(BenchmarkCommand.DEFAULT_STAGES, List.of(), TaskType.BINARY);

        assertThat(plan.names()).containsExactly("generate", "ingest", "silver", "features");
        assertThat(plan.trains()).isFalse();
    }

    @Test
    void trainWithoutAlgorithmsRunsEveryBinaryAlgorithmOnItsOwn() {
        BenchmarkPlan plan = BenchmarkPlan.of(List.of("generate", "ingest", "silver", "features", "train"), List.of(), TaskType.BINARY);

        assertThat(plan.names()).containsExactly("generate", "ingest", "silver", "features", "train:logistic-regression", "train:decision-tree",
                "train:random-forest", "train:gbt", "train:linear-svm", "train:naive-bayes");
        assertThat(plan.trains()).isTrue();
        assertThat(plan.stages().subList(4, 10)).allSatisfy(stage -> assertThat(stage.job()).isEqualTo("train"));
    }

    @Test
    void aRegressionTaskDefaultsToTheRegressionAlgorithms() {
        BenchmarkPlan plan = BenchmarkPlan.of(List.of("generate", "ingest", "silver", "features", "train"), List.of(), TaskType.REGRESSION);

        assertThat(plan.names()).endsWith("train:decision-tree", "train:random-forest", "train:gbt", "train:linear-regression")
                .hasSize(8);
    }

    @Test
    void givenAlgorithmsRunInTheGivenOrder() {
        BenchmarkPlan plan = BenchmarkPlan.of(List.of("generate", "ingest", "silver", "features", " Train "), List.of("gbt", " Naive-Bayes"),
                TaskType.BINARY);

        assertThat(plan.names()).containsExactly("generate", "ingest", "silver", "features", "train:gbt", "train:naive-bayes");
    }

    @Test
    void rejectsAnUnknownStage() {
        assertThatThrownBy(() -> BenchmarkPlan.of(List.of("generate", "serve"), List.of(), TaskType.BINARY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot benchmark stage 'serve': expected one of generate, ingest, silver, features, train, score");
    }

    @Test
    void scoreComesLastAfterTheTrainStages() {
        BenchmarkPlan plan = BenchmarkPlan.of(List.of("generate", "ingest", "silver", "features", "train", "score"), List.of("gbt", "naive-bayes"),
                TaskType.BINARY);

        assertThat(plan.names()).containsExactly("generate", "ingest", "silver", "features", "train:gbt", "train:naive-bayes", "score");
        assertThat(plan.trains()).isTrue();
        assertThat(plan.scores()).isTrue();
    }

    @Test
    void scoreNeedsNoTableSoItMayFollowAnyLeadingPartOrStandAlone() {
        assertThat(BenchmarkPlan.of(List.of("score"), List.of(), TaskType.BINARY).names()).containsExactly("score");
        assertThat(BenchmarkPlan.of(List.of("generate", "ingest", "Score"), List.of(), TaskType.BINARY).names())
                .containsExactly("generate", "ingest", "score");
        assertThat(BenchmarkPlan.of(List.of("score"), List.of(), TaskType.BINARY).trains()).isFalse();
        assertThat(BenchmarkPlan.of(BenchmarkCommand.DEFAULT_STAGES, List.of(), TaskType.BINARY).scores()).isFalse();
    }

    @Test
    void rejectsScoreBeforeAnotherStageOrTwice() {
        assertThatThrownBy(() -> BenchmarkPlan.of(List.of("generate", "score", "ingest"), List.of(), TaskType.BINARY))
                .hasMessageStartingWith("Cannot benchmark the stages generate,score,ingest: score must come last (once)");
        assertThatThrownBy(() -> BenchmarkPlan.of(List.of("score", "score"), List.of(), TaskType.BINARY))
                .hasMessageStartingWith("Cannot benchmark the stages score,score: score must come last (once)");
        assertThatThrownBy(() -> BenchmarkPlan.of(List.of("generate", "silver", "score"), List.of(), TaskType.BINARY))
                .hasMessageStartingWith("Cannot benchmark the stages generate,silver,score: the benchmark starts from an empty lake");
    }

    @Test
    void rejectsStagesThatSkipOrReorderTheDataPath() {
        assertThatThrownBy(() -> BenchmarkPlan.of(List.of("generate", "ingest", "silver", "train"), List.of(), TaskType.BINARY))
                .hasMessageStartingWith("Cannot benchmark the stages generate,ingest,silver,train: the benchmark starts from an empty lake")
                .hasMessageEndingWith("e.g. --stages generate,ingest,silver,features,train");
        assertThatThrownBy(() -> BenchmarkPlan.of(List.of("ingest", "generate"), List.of(), TaskType.BINARY))
                .hasMessageStartingWith("Cannot benchmark the stages ingest,generate:");
        assertThatThrownBy(() -> BenchmarkPlan.of(List.of(), List.of(), TaskType.BINARY))
                .hasMessageStartingWith("Cannot benchmark no stages");
    }

    @Test
    void rejectsAnUnknownAlgorithm() {
        assertThatThrownBy(() -> BenchmarkPlan.of(List.of("generate", "ingest", "silver", "features", "train"), List.of("xgboost"),
                TaskType.BINARY))
                .hasMessage("Cannot benchmark algorithm 'xgboost': expected one of"
                        + " logistic-regression,decision-tree,random-forest,gbt,linear-svm,naive-bayes (for a binary task)");
    }

    @Test
    void rejectsAnAlgorithmOfAnotherTask() {
        assertThatThrownBy(() -> BenchmarkPlan.of(List.of("generate", "ingest", "silver", "features", "train"), List.of("linear-regression"),
                TaskType.BINARY))
                .hasMessage("Cannot benchmark algorithm 'linear-regression' on the dataset's binary task (mlcycle.dataset.task): expected"
                        + " one of logistic-regression,decision-tree,random-forest,gbt,linear-svm,naive-bayes");
    }

    @Test
    void rejectsAnAlgorithmNamedTwice() {
        assertThatThrownBy(() -> BenchmarkPlan.of(List.of("generate", "ingest", "silver", "features", "train"), List.of("gbt", "GBT"),
                TaskType.BINARY))
                .hasMessage("Cannot benchmark algorithm 'GBT' twice: name it once in --algorithms");
    }

    @Test
    void rejectsAlgorithmsWithoutTheTrainStage() {
        assertThatThrownBy(() -> BenchmarkPlan.of(BenchmarkCommand.DEFAULT_STAGES, List.of("gbt"), TaskType.BINARY))
                .hasMessage("Cannot use --algorithms without the train stage: add train to --stages, e.g. --stages"
                        + " generate,ingest,silver,features,train");
    }
}
