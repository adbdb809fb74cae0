package io.mlcycle.common.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.mlcycle.common.config.ConfigProblem;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.dataset.FeatureSpec.Bucketing;
import io.mlcycle.common.dataset.FeatureSpec.CategoricalFeature;
import io.mlcycle.common.dataset.FeatureSpec.Encoding;
import io.mlcycle.common.dataset.FeatureSpec.NumericFeature;
import io.mlcycle.common.dataset.FeatureSpec.Scale;
import io.mlcycle.common.dataset.FeatureSpec.Transform;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every kind of feature definition read from config, and the problems a wrong one reports, each naming its full key. */
class FeatureSpecTest {
    private static final String BASE = """
            mlcycle.work-dir = "/data/work"
            mlcycle.dataset {
              name = payments, task = binary, id-column = id, entity-column = customer, time-column = t, label-column = y
              schema = [
                { name = id, type = string, nullable = false }, { name = customer, type = string }, { name = t, type = timestamp }
                { name = amount, type = double }, { name = income, type = double }, { name = channel, type = string }
                { name = y, type = integer }
              ]
            }
            """;

    private static final String FULL = BASE + """
            mlcycle.dataset {
              missing-values = [ { column = ratio, strategy = mean, indicator = true }, { column = segment, strategy = mode } ]
              features {
                numeric = [
                  amount
                  { column = income, scale = robust, transform = log }
                  { column = ratio, scale = min-max, transform = power, exponent = 0.5 }
                  { column = amount_sum_30d, bucketing = { type = fixed, splits = [0, 100, 1000] } }
                  { column = credit_limit, scale = none, transform = sqrt, bucketing = { type = quantile, buckets = 4 } }
                  hour
                  twice
                ]
                categorical = [channel, { column = segment, encoding = index }, pair]
                derived = [
                  { name = ratio, ratio = [amount, income] }
                  { name = hour, date-part = { column = t, part = day-of-week } }
                  { name = twice, expression = "amount * 2 + coalesce(credit_limit, 0)" }
                  { name = pair, interaction = [channel, segment] }
                ]
                lookups = [ { name = customers, path = "dims/customers", key = customer, lookup-key = cid, columns = [segment, credit_limit] } ]
                aggregates = [ { name = amount_sum_30d, column = amount, function = sum, window = 30d } ]
              }
            }
            """;

    @Test
    void readsEveryTransformDerivedColumnLookupAndAggregate() {
        ConfigReader reader = new ConfigReader(ConfigFactory.parseString(FULL).resolve());
        FeatureSpec features = DatasetSpec.read(reader).featureSpec();

        assertThat(reader.problems()).isEmpty();
        assertThat(features.numeric()).containsExactly(
                new NumericFeature("amount"),
                new NumericFeature("income", Scale.ROBUST, Transform.LOG, 1.0, Optional.empty()),
                new NumericFeature("ratio", Scale.MIN_MAX, Transform.POWER, 0.5, Optional.empty()),
                new NumericFeature("amount_sum_30d", Scale.NONE, Transform.NONE, 1.0, Optional.of(Bucketing.fixed(List.of(0.0, 100.0, 1000.0)))),
                new NumericFeature("credit_limit", Scale.NONE, Transform.SQRT, 1.0, Optional.of(Bucketing.quantile(4))),
                new NumericFeature("hour"),
                new NumericFeature("twice"));
        assertThat(features.categorical()).containsExactly(new CategoricalFeature("channel"),
                new CategoricalFeature("segment", Encoding.INDEX), new CategoricalFeature("pair"));
        assertThat(features.derived()).containsExactly(
                DerivedColumn.ratio("ratio", "amount", "income"),
                DerivedColumn.datePart("hour", "t", DerivedColumn.DatePart.DAY_OF_WEEK),
                DerivedColumn.expression("twice", "amount * 2 + coalesce(credit_limit, 0)"),
                DerivedColumn.interaction("pair", List.of("channel", "segment")));
        assertThat(features.lookups()).containsExactly(new LookupSpec("customers", "/data/work/dims/customers", LookupSpec.Format.DELTA,
                "customer", "cid", List.of("segment", "credit_limit")));
        assertThat(features.aggregates()).containsExactly(new AggregateSpec("amount_sum_30d", "amount", AggregateSpec.Function.SUM,
                Duration.ofDays(30)));
        assertThat(features.numericInputs()).containsExactly("amount", "income", "amount_sum_30d", "credit_limit");
        assertThat(features.categoricalInputs()).containsExactly("channel", "segment");
        assertThat(features.pipelineInputColumns()).containsExactly("amount", "income", "amount_sum_30d", "credit_limit", "channel",
                "segment", "t");
    }

    @Test
    void derivedColumnsReadAsSparkSql() {
        assertThat(DerivedColumn.ratio("r", "a", "b").sql()).isEqualTo("try_divide(CAST(`a` AS DOUBLE), CAST(`b` AS DOUBLE))");
        assertThat(DerivedColumn.datePart("h", "t", DerivedColumn.DatePart.HOUR).sql()).isEqualTo("hour(`t`)");
        assertThat(DerivedColumn.product("p", List.of("a", "b")).sql()).isEqualTo("CAST(`a` AS DOUBLE) * CAST(`b` AS DOUBLE)");
        assertThat(DerivedColumn.expression("e", "CASE WHEN amount > limit THEN log(`weird col`) ELSE coalesce(x, 0) END").inputs())
                .as("the columns a free expression refers to, not its functions").containsExactly("amount", "limit", "weird col", "x");
    }

    @Test
    void reportsEveryWrongFeatureDefinitionNamingItsKey() {
        String wrong = BASE + """
                mlcycle.dataset {
                  entity-column = ""
                  missing-values = [ { column = amount, strategy = keep }, { column = channel, strategy = median } ]
                  features {
                    numeric = [
                      { column = amount, scale = standard, bucketing = { type = fixed, splits = [5, 1], buckets = 3 } }
                      { column = income, transform = power }
                      { column = x, bucketing = { type = quantile, buckets = 1, size = 2 } }
                    ]
                    categorical = [ { column = channel, encoding = ordinal } ]
                    derived = [
                      { name = x, ratio = [amount, nope], product = [amount, income] }
                      { name = when, date-part = { column = amount, part = hour } }
                      { name = bad, expression = "amount +* 2" }
                      { name = unknown, expression = "amount * nowhere" }
                    ]
                    lookups = [ { name = dims, path = d, key = missing_key, columns = [amount] } ]
                    aggregates = [ { name = n, function = sum, window = 0s } ]
                  }
                }
                """;
        ConfigReader reader = new ConfigReader(ConfigFactory.parseString(wrong).resolve());
        DatasetSpec.read(reader);

        List<String> keys = reader.problems().stream().map(ConfigProblem::key).toList();
        String features = "mlcycle.dataset.features";
        assertThat(keys).contains(
                features + ".numeric[0].scale",
                features + ".numeric[0].bucketing.splits",
                features + ".numeric[0].bucketing.buckets",
                features + ".numeric[1].exponent",
                features + ".numeric[2].bucketing.size",
                features + ".numeric[2].bucketing.buckets",
                features + ".categorical[0].encoding",
                features + ".derived[0].name",
                features + ".derived[0]",
                features + ".derived[1].date-part.column",
                features + ".derived[2].expression",
                features + ".lookups[0].key",
                features + ".aggregates[0].column",
                features + ".aggregates[0].window",
                features + ".aggregates[0]",
                features,
                "mlcycle.dataset.missing-values");
        assertThat(reader.problems()).anySatisfy(problem -> {
            assertThat(problem.key()).isEqualTo(features + ".derived[0]");
            assertThat(problem.value()).isEqualTo("'nope'");
        });
        assertThat(reader.problems()).anySatisfy(problem -> {
            assertThat(problem.key()).isEqualTo(features + ".derived[3]");
            assertThat(problem.value()).isEqualTo("'nowhere'");
        });
        assertThat(reader.problems()).anySatisfy(problem -> {
            assertThat(problem.key()).isEqualTo(features + ".aggregates[0]");
            assertThat(problem.expected()).contains("entity-column");
        });
        assertThat(reader.problems()).anySatisfy(problem -> {
            assertThat(problem.key()).isEqualTo("mlcycle.dataset.missing-values");
            assertThat(problem.value()).isEqualTo("'amount'");
            assertThat(problem.expected()).contains("keep is for categorical ones");
        });
        assertThat(reader.problems()).anySatisfy(problem -> {
            assertThat(problem.key()).isEqualTo(features);
            assertThat(problem.value()).isEqualTo("'amount'");
            assertThat(problem.expected()).contains("unlike every schema column");
        });
    }
}
