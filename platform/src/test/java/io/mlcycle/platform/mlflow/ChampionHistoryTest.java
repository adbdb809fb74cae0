package io.mlcycle.platform.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.platform.mlflow.ChampionHistory.Entry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChampionHistoryTest {
    private static Entry promote(String version) {
        return new Entry("promote", version, "", "2026-11-26T12:00:00Z", "alice", "better AUC");
    }

    private static Entry rollback(String to, String from) {
        return new Entry("rollback", to, from, "2026-11-26T13:00:00Z", "bob", "bad live metrics");
    }

    @Test
    void promotionsStackAndRollbacksUnstack() {
        assertThat(ChampionHistory.champions(List.of(promote("1"), promote("2"), promote("3")))).containsExactly("1", "2", "3");
        assertThat(ChampionHistory.champions(List.of(promote("1"), promote("2"), promote("3"), rollback("2", "3")))).containsExactly("1", "2");
        assertThat(ChampionHistory.champions(List.of(promote("1"), promote("2"), promote("3"), rollback("2", "3"), rollback("1", "2"))))
                .containsExactly("1");
        assertThat(ChampionHistory.champions(List.of(promote("1"), promote("2"), rollback("1", "2"), promote("4")))).containsExactly("1", "4");
    }

    @Test
    void aRollbackPastDeletedVersionsUnstacksThemToo() {
        assertThat(ChampionHistory.champions(List.of(promote("1"), promote("2"), promote("3"), rollback("1", "3")))).containsExactly("1");
    }

    @Test
    void aRollbackToAVersionNoLongerInTheCappedHistoryStartsTheStack() {
        assertThat(ChampionHistory.champions(List.of(promote("5"), rollback("2", "5")))).containsExactly("2");
    }

    @Test
    void readsWhatItWrites() {
        List<Entry> entries = List.of(promote("1"), rollback("1", "2"));

        assertThat(ChampionHistory.parse(ChampionHistory.toJson(entries), "m")).containsExactlyElementsOf(entries);
        assertThat(ChampionHistory.toJson(List.of(promote("1")))).isEqualTo(
                "[{\"action\":\"promote\",\"version\":\"1\",\"from\":\"\",\"at\":\"2026-11-26T12:00:00Z\",\"by\":\"alice\",\"reason\":\"better AUC\"}]");
        assertThat(ChampionHistory.parse(null, "m")).isEmpty();
    }

    @Test
    void keepsTheNewestEntriesWithinItsLimits() {
        List<Entry> many = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            many.add(promote(String.valueOf(i)));
        }
        assertThat(ChampionHistory.parse(ChampionHistory.toJson(many), "m")).extracting(Entry::version)
                .hasSize(20).startsWith("11").endsWith("30");

        List<Entry> verbose = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            verbose.add(new Entry("promote", String.valueOf(i), "", "", "alice", "r".repeat(1000)));
        }
        String json = ChampionHistory.toJson(verbose);
        assertThat(json.length()).isLessThanOrEqualTo(5000);
        List<Entry> kept = ChampionHistory.parse(json, "m");
        assertThat(kept).last().extracting(Entry::version).isEqualTo("20");
        assertThat(kept.get(0).reason()).hasSize(300).endsWith("...");
    }

    @Test
    void aTagThatIsNotAHistorySaysHowToRepairIt() {
        assertThatThrownBy(() -> ChampionHistory.parse("{\"version\": 1}", "loan-default"))
                .isInstanceOfSatisfying(PromotionException.class, e -> assertThat(e.reason()).isEqualTo(PromotionException.Reason.INVALID_HISTORY))
                .hasMessage("Cannot read the champion history of model 'loan-default' (tag mlcycle.champion_history): {\"version\": 1} is not a list of"
                        + " {action, version, from, at, by, reason}. Delete or fix the tag in the MLflow UI; promote then starts a new history.");
    }
}
