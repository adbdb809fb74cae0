package io.mlcycle.common.drift;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReferenceProfileTest {
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("ReferenceProfileTest")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void numericValueOnAnEdgeBelongsToTheBinAboveIt() {
        NumericReference amount = NumericReference.withEdges("amount", List.of(1.0, 2.0, 3.0));
        Dataset<Row> values = doubles(-1e9, 0.5, 1.0, 1.5, 1.9999, 2.0, 2.999, 3.0, 1e9, Double.NaN, null);

        List<Integer> bins = binsOf(values, amount);

        // < 1 -> 0; [1, 2) -> 1; [2, 3) -> 2; >= 3 -> 3; null and NaN -> 4 (missing)
        assertThat(bins).containsExactly(0, 0, 1, 1, 1, 2, 2, 3, 3, 4, 4);
        assertThat(amount.binCount()).isEqualTo(5);
        assertThat(List.of(amount.binLabel(0), amount.binLabel(1), amount.binLabel(3), amount.binLabel(4)))
                .containsExactly("< 1.0", "[1.0, 2.0)", ">= 3.0", "(missing)");
    }

    @Test
    void numericWithoutEdgesHasOneValueBinAndTheMissingBin() {
        NumericReference empty = NumericReference.withEdges("amount", List.of());

        assertThat(binsOf(doubles(-5.0, 0.0, 7.0, null), empty)).containsExactly(0, 0, 0, 1);
    }

    @Test
    void categoricalValuesMatchExactlyAndEverythingElseIsOther() {
        CategoricalReference channel = CategoricalReference.withCategories("channel", List.of("web", "branch"));
        Dataset<Row> values = strings("web", "branch", "Web", "", "phone", null);

        // web -> 0, branch -> 1, other (case differs, empty, unseen) -> 2, null -> 3
        assertThat(binsOf(values, channel)).containsExactly(0, 1, 2, 2, 2, 3);
    }

    @Test
    void fitPlacesNumericEdgesAtQuantilesAndCountsEveryRow() {
        // 30 x 10.0, 30 x 20.0, 40 x 30.0 and 5 nulls; quartiles of the 100 values:
        // rank 25 -> 10.0, rank 50 -> 20.0, rank 75 -> 30.0, so the edges are [10, 20, 30] and
        // the bins: < 10: 0, [10, 20): 30, [20, 30): 30, >= 30: 40, missing: 5
        List<Double> values = new ArrayList<>();
        values.addAll(repeat(10.0, 30));
        values.addAll(repeat(20.0, 30));
        values.addAll(repeat(30.0, 40));
        values.addAll(repeat(null, 5));

        ReferenceProfile profile = ReferenceProfile.fit(doubles(values.toArray(Double[]::new)), List.of("value"), List.of(), 4);

        NumericReference value = (NumericReference) profile.feature("value");
        assertThat(value.edges()).containsExactly(10.0, 20.0, 30.0);
        assertThat(value.counts()).containsExactly(0L, 30L, 30L, 40L, 5L);
        assertThat(profile.rows()).isEqualTo(105);
    }

    @Test
    void fitKeepsTheMostFrequentCategoriesTiesByName() {
        // web 5, phone 3, branch 3, kiosk 1, null 2; with 2 bins: web, then branch before phone (tie at 3, by name)
        // other = phone 3 + kiosk 1 = 4, missing = 2
        List<String> values = new ArrayList<>();
        values.addAll(repeat("web", 5));
        values.addAll(repeat("phone", 3));
        values.addAll(repeat("branch", 3));
        values.add("kiosk");
        values.addAll(repeat(null, 2));

        ReferenceProfile profile = ReferenceProfile.fit(strings(values.toArray(String[]::new)), List.of(), List.of("value"), 2);

        CategoricalReference value = (CategoricalReference) profile.feature("value");
        assertThat(value.categories()).containsExactly("web", "branch");
        assertThat(value.counts()).containsExactly(5L, 3L, 4L, 2L);
    }

    @Test
    void fitOfANumericFeatureWithoutValuesHasNoEdges() {
        ReferenceProfile profile = ReferenceProfile.fit(doubles(null, null, null), List.of("value"), List.of(), 4);

        NumericReference value = (NumericReference) profile.feature("value");
        assertThat(value.edges()).isEmpty();
        assertThat(value.counts()).containsExactly(0L, 3L);
    }

    @Test
    void fitNamesTheMissingColumns() {
        assertThatThrownBy(() -> ReferenceProfile.fit(doubles(1.0), List.of("value", "income"), List.of("channel"), 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot fit a reference profile: columns [income, channel] are missing from the rows, which have [value]."
                        + " Pass the feature columns of the dataset spec.");
    }

    @Test
    void fitRejectsAnEmptyDataset() {
        assertThatThrownBy(() -> ReferenceProfile.fit(doubles(), List.of(), List.of("value"), 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot fit a reference profile on an empty dataset");
    }

    @Test
    void featureBinsGivesOneStructPerFeature() {
        ReferenceProfile profile = new ReferenceProfile(List.of(
                new NumericReference("amount", List.of(100.0), List.of(1L, 1L, 0L)),
                new CategoricalReference("channel", List.of("web"), List.of(1L, 1L, 0L))));
        StructType schema = new StructType().add("amount", DataTypes.DoubleType).add("channel", DataTypes.StringType);
        Dataset<Row> rows = spark.createDataFrame(List.of(RowFactory.create(150.0, "phone")), schema);

        List<Row> bins = rows.select(explode(profile.featureBins()).as("b")).select(col("b.feature"), col("b.bin")).collectAsList();

        assertThat(bins).containsExactly(RowFactory.create("amount", 1), RowFactory.create("channel", 1));
    }

    @Test
    void jsonRoundTripKeepsEveryValue() {
        ReferenceProfile profile = new ReferenceProfile(List.of(
                new NumericReference("amount", List.of(0.1, 1.0 / 3.0, 2.5e7), List.of(1L, 2L, 3L, 4L, 5L)),
                new NumericReference("empty", List.of(), List.of(15L, 0L)),
                new CategoricalReference("channel", List.of("web", "\"quoted\"", ""), List.of(6L, 5L, 2L, 1L, 1L))));

        assertThat(ReferenceProfile.fromJson(profile.toJson())).isEqualTo(profile);
    }

    @Test
    void readsTheDocumentedJsonFormat() {
        String json = """
                {"format_version": 1,
                 "features": [
                   {"feature": "amount", "kind": "numeric", "edges": [100.0, 250.5], "counts": [3, 5, 2, 1]},
                   {"feature": "channel", "kind": "categorical", "categories": ["web", "branch"], "counts": [6, 3, 1, 1]}]}
                """;

        ReferenceProfile profile = ReferenceProfile.fromJson(json);

        assertThat(profile).isEqualTo(new ReferenceProfile(List.of(
                new NumericReference("amount", List.of(100.0, 250.5), List.of(3L, 5L, 2L, 1L)),
                new CategoricalReference("channel", List.of("web", "branch"), List.of(6L, 3L, 1L, 1L)))));
        assertThat(profile.rows()).isEqualTo(11);
    }

    @Test
    void fromJsonExplainsWhatIsWrong() {
        assertThatThrownBy(() -> ReferenceProfile.fromJson("{\"format_version\": 1, \"features\": [{\"feature\": \"amount\", \"kind\": \"numeric\", \"counts\": [1, 2]}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot read reference profile from JSON: field edges is missing in ")
                .hasMessageEndingWith("retrain to regenerate it.");
        assertThatThrownBy(() -> ReferenceProfile.fromJson("{\"format_version\": 2, \"features\": []}"))
                .hasMessageStartingWith("Cannot read reference profile from JSON: format_version is 2, expected 1.");
    }

    @Test
    void rejectsEdgesThatDoNotIncrease() {
        assertThatThrownBy(() -> NumericReference.withEdges("amount", List.of(1.0, 1.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot use bin edges for feature amount: [1.0, 1.0]. Edges must be finite and strictly increasing.");
    }

    @Test
    void rejectsFeaturesThatCountDifferentRows() {
        assertThatThrownBy(() -> new ReferenceProfile(List.of(
                        new NumericReference("amount", List.of(), List.of(2L, 0L)),
                        new CategoricalReference("channel", List.of(), List.of(1L, 0L)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot use a reference profile whose features count different rows: amount counts 2, channel counts 1."
                        + " Every row falls into exactly one bin of every feature.");
    }

    @Test
    void psiOfAFeatureComparesItsCountsWithTheReference() {
        ReferenceProfile profile = new ReferenceProfile(List.of(new NumericReference("amount", List.of(), List.of(50L, 50L))));

        // 0.25 * ln 3, see PsiTest
        assertThat(profile.psi("amount", new long[] {25, 75})).isCloseTo(0.2746531, org.assertj.core.api.Assertions.within(1e-7));
        assertThatThrownBy(() -> profile.psi("income", new long[] {1, 1}))
                .hasMessage("Cannot find feature income in the reference profile: it has [amount].");
    }

    private static List<Integer> binsOf(Dataset<Row> values, FeatureReference reference) {
        return values.select(reference.binIndex(col("value"))).collectAsList().stream().map(row -> row.getInt(0)).toList();
    }

    private static Dataset<Row> doubles(Double... values) {
        List<Row> rows = Arrays.stream(values).map(v -> RowFactory.create(v)).toList();
        return spark.createDataFrame(rows, new StructType().add("value", DataTypes.DoubleType)).coalesce(1);
    }

    private static Dataset<Row> strings(String... values) {
        List<Row> rows = Arrays.stream(values).map(v -> RowFactory.create(v)).toList();
        return spark.createDataFrame(rows, new StructType().add("value", DataTypes.StringType)).coalesce(1);
    }

    private static <T> List<T> repeat(T value, int times) {
        List<T> values = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            values.add(value);
        }
        return values;
    }
}
