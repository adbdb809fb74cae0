package io.mlcycle.common.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.mlcycle.common.config.ConfigProblem;
import io.mlcycle.common.config.ConfigReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rules and corrections read from mlcycle.dataset.quality, and every problem a wrong one reports, naming its key. */
class QualitySpecTest {
    private static final String DATASET = """
            mlcycle.work-dir = "/data/work"
            mlcycle.dataset {
              name = trips
              task = regression
              id-column = trip_id
              label-column = fare
              schema = [
                { name = trip_id, type = string, nullable = false }
                { name = start_time, type = timestamp }
                { name = end_time, type = timestamp }
                { name = day, type = date }
                { name = distance, type = double }
                { name = passengers, type = integer }
                { name = vendor, type = string }
                { name = fare, type = double }
              ]
              features { numeric = [distance], categorical = [vendor] }
            }
            """;

    private static ConfigReader reader(String quality) {
        return new ConfigReader(ConfigFactory.parseString(DATASET + "mlcycle.dataset.quality {\n" + quality + "\n}").resolve());
    }

    @Test
    void defaultsToTheBoundAloneWithoutRulesOrCorrections() {
        ConfigReader reader = new ConfigReader(ConfigFactory.parseString(DATASET).resolve());
        QualitySpec quality = DatasetSpec.read(reader).quality();

        assertThat(reader.problems()).isEmpty();
        assertThat(quality).isEqualTo(new QualitySpec(0.05, List.of(), List.of()));
    }

    @Test
    void readsEveryRuleAndCorrectionWithDefaultNames() {
        ConfigReader reader = reader("""
                max-rejected-share = 0.1
                rules = [
                  { type = not-null, column = vendor }
                  { type = range, column = distance, min = 0 }
                  { type = range, name = recent, column = day, min = "2020-01-01", max = "2030-12-31" }
                  { type = allowed-values, column = passengers, values = [1, 2, 3] }
                  { type = regex, column = vendor, pattern = "[A-Z]+" }
                  { type = unique-key, columns = [vendor, start_time] }
                  { type = comparison, left = end_time, op = ">", right = start_time }
                ]
                corrections = [
                  { type = trim, column = vendor }
                  { type = upper, column = vendor }
                  { type = lower, name = lower-vendor, column = vendor }
                  { type = map, column = vendor, values { "CMT" = "creative", "n/a" = null } }
                  { type = scale, column = distance, factor = 1.609344 }
                  { type = clip, column = passengers, max = 6 }
                ]
                """);
        QualitySpec quality = DatasetSpec.read(reader).quality();

        assertThat(reader.problems()).isEmpty();
        assertThat(quality.maxRejectedShare()).isEqualTo(0.1);
        assertThat(quality.rules()).containsExactly(
                new QualityRule.NotNull("not-null:vendor", "vendor"),
                new QualityRule.Range("range:distance", "distance", Optional.of("0"), Optional.empty()),
                new QualityRule.Range("recent", "day", Optional.of("2020-01-01"), Optional.of("2030-12-31")),
                new QualityRule.AllowedValues("allowed-values:passengers", "passengers", List.of("1", "2", "3")),
                new QualityRule.Regex("regex:vendor", "vendor", "[A-Z]+"),
                new QualityRule.UniqueKey("unique-key:vendor,start_time", List.of("vendor", "start_time")),
                new QualityRule.Comparison("comparison:end_time>start_time", "end_time", QualityRule.Operator.GT, "start_time"));
        assertThat(quality.corrections()).hasSize(6);
        assertThat(quality.corrections().get(2)).isEqualTo(new Correction.Text("lower-vendor", "vendor", Correction.Type.LOWER));
        assertThat(((Correction.MapValues) quality.corrections().get(3)).values()).containsEntry("CMT", "creative").containsEntry("n/a", null);
        assertThat(quality.corrections().get(4)).isEqualTo(new Correction.Scale("scale:distance", "distance", 1.609344, 0.0));
        assertThat(quality.corrections().get(5)).isEqualTo(new Correction.Clip("clip:passengers", "passengers", Optional.empty(), Optional.of("6")));
        assertThat(quality.corrections().stream().filter(Correction::beforeCast).map(Correction::name))
                .containsExactly("trim:vendor", "upper:vendor", "lower-vendor", "map:vendor");
    }

    @Test
    void readsARulesOwnPolicyOnLiveEvents() {
        ConfigReader reader = reader("""
                rules = [
                  { type = range, column = distance, min = 0, on-live-event = reject }
                  { type = not-null, name = vendor-known, column = vendor, on-live-event = score-and-flag }
                  { type = regex, column = vendor, pattern = "[A-Z]+" }
                ]
                """);
        QualitySpec quality = DatasetSpec.read(reader).quality();

        assertThat(reader.problems()).isEmpty();
        assertThat(quality.liveEventPolicies()).isEqualTo(Map.of("range:distance", LiveEventPolicy.REJECT, "vendor-known", LiveEventPolicy.SCORE_AND_FLAG));
        assertThat(quality.liveEventPolicy("regex:vendor")).isEmpty();
    }

    @Test
    void refusesAPolicyOnLiveEventsThatCannotApply() {
        ConfigReader reader = reader("""
                rules = [
                  { type = range, column = distance, min = 0, on-live-event = drop }
                  { type = unique-key, columns = [vendor], on-live-event = reject }
                  { type = range, column = fare, min = 0, on-live-event = score-and-flag }
                ]
                """);
        DatasetSpec.read(reader);

        assertThat(reader.problems()).containsExactlyInAnyOrder(
                new ConfigProblem("mlcycle.dataset.quality.rules[0].on-live-event", "'drop'", "one of [reject, score-and-flag]"),
                new ConfigProblem("mlcycle.dataset.quality.rules[1].on-live-event", "reject",
                        "no on-live-event on a unique-key rule: it compares rows, so the scorer does not check it on single events"),
                new ConfigProblem("mlcycle.dataset.quality.rules[2].on-live-event", "score-and-flag",
                        "no on-live-event on a rule of the label column fare: live events carry no label"));
    }

    @Test
    void reportsEveryRuleProblemNamingItsKey() {
        ConfigReader reader = reader("""
                max-rejected-share = 1.5
                rules = [
                  { type = not-null, column = zip }
                  { type = range, column = vendor, min = 1 }
                  { type = range, column = distance }
                  { type = range, column = distance, min = 10, max = 1 }
                  { type = range, column = day, min = "yesterday" }
                  { type = range, column = passengers, min = 0.5 }
                  { type = allowed-values, column = distance, values = [1.5] }
                  { type = allowed-values, column = passengers, values = [one] }
                  { type = regex, column = vendor, pattern = "[A-Z" }
                  { type = regex, column = distance, pattern = "\\\\d+" }
                  { type = unique-key, columns = [vendor, zip] }
                  { type = comparison, left = end_time, op = "=>", right = distance }
                  { type = checksum, column = vendor }
                  { type = not-null, column = vendor, colour = red }
                  { type = not-null, name = "cast:vendor", column = vendor }
                  { type = not-null, name = twice, column = vendor }
                  { type = not-null, name = twice, column = fare }
                ]
                """);
        DatasetSpec.read(reader);

        Map<String, String> expectedByKey = Map.ofEntries(
                Map.entry("mlcycle.dataset.quality.max-rejected-share", "a number from 0.0 to 1.0"),
                Map.entry("mlcycle.dataset.quality.rules[0].column", "a column of mlcycle.dataset.schema"),
                Map.entry("mlcycle.dataset.quality.rules[1].column", "a numeric, date or timestamp column"),
                Map.entry("mlcycle.dataset.quality.rules[2].min", "min, max or both"),
                Map.entry("mlcycle.dataset.quality.rules[3].max", "a value not below min (10)"),
                Map.entry("mlcycle.dataset.quality.rules[4].min", "an ISO date such as 2026-01-31"),
                Map.entry("mlcycle.dataset.quality.rules[5].min", "a whole number"),
                Map.entry("mlcycle.dataset.quality.rules[6].column", "a string, integer, long or boolean column"),
                Map.entry("mlcycle.dataset.quality.rules[7].values", "whole numbers"),
                Map.entry("mlcycle.dataset.quality.rules[8].pattern", "a Java regular expression"),
                Map.entry("mlcycle.dataset.quality.rules[9].column", "a string column"),
                Map.entry("mlcycle.dataset.quality.rules[10].columns", "a column of mlcycle.dataset.schema"),
                Map.entry("mlcycle.dataset.quality.rules[11].op", "one of <, <=, >, >=, =, !="),
                Map.entry("mlcycle.dataset.quality.rules[11].right", "a column of a type comparable with end_time (timestamp)"),
                Map.entry("mlcycle.dataset.quality.rules[12].type", "one of [not-null, range, allowed-values, regex, unique-key, comparison]"),
                Map.entry("mlcycle.dataset.quality.rules[13].colour", "no such key here"),
                Map.entry("mlcycle.dataset.quality.rules", "each rule name used once"));
        expectedByKey.forEach((key, expected) -> assertThat(reader.problems())
                .as(key).anySatisfy(problem -> {
                    assertThat(problem.key()).isEqualTo(key);
                    assertThat(problem.expected()).contains(expected);
                }));
        assertThat(reader.problems()).anySatisfy(problem -> {
            assertThat(problem.value()).isEqualTo("'cast:vendor'");
            assertThat(problem.expected()).contains("a name not starting with one of mlcycle's own checks");
        });
    }

    @Test
    void reportsEveryCorrectionProblemNamingItsKey() {
        ConfigReader reader = reader("""
                corrections = [
                  { type = trim, column = zip }
                  { type = map, column = vendor }
                  { type = map, column = vendor, values { a = { b = c } } }
                  { type = scale, column = vendor, factor = 2 }
                  { type = scale, column = distance }
                  { type = clip, column = passengers }
                  { type = clip, column = passengers, min = 1.5, max = "x" }
                  { type = clip, column = distance, min = 5, max = 1 }
                  { type = round, column = distance }
                  { type = trim, name = same, column = vendor }
                  { type = lower, name = same, column = vendor }
                ]
                """);
        DatasetSpec.read(reader);

        List<String> keys = reader.problems().stream().map(ConfigProblem::key).toList();
        assertThat(keys).containsExactlyInAnyOrder(
                "mlcycle.dataset.quality.corrections[0].column",
                "mlcycle.dataset.quality.corrections[1].values",
                "mlcycle.dataset.quality.corrections[2].values.a",
                "mlcycle.dataset.quality.corrections[2].values",
                "mlcycle.dataset.quality.corrections[3].column",
                "mlcycle.dataset.quality.corrections[4].factor",
                "mlcycle.dataset.quality.corrections[5].min",
                "mlcycle.dataset.quality.corrections[6].min",
                "mlcycle.dataset.quality.corrections[6].max",
                "mlcycle.dataset.quality.corrections[7].max",
                "mlcycle.dataset.quality.corrections[8].type",
                // names used twice: map:vendor (1, 2), clip:passengers (5, 6), same (9, 10)
                "mlcycle.dataset.quality.corrections",
                "mlcycle.dataset.quality.corrections",
                "mlcycle.dataset.quality.corrections");
    }
}
