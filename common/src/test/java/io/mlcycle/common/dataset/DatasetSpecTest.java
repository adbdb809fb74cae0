package io.mlcycle.common.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.mlcycle.common.config.ConfigProblem;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.dataset.source.FileSource;
import io.mlcycle.common.dataset.source.JdbcSource;
import io.mlcycle.common.dataset.source.KafkaSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A dataset nothing in mlcycle knows about, written as config only; and the problems a wrong spec reports. */
class DatasetSpecTest {
    private static final String ADULT = """
            mlcycle.work-dir = "/data/work"
            mlcycle.kafka.bootstrap-servers = "broker:9092"
            mlcycle.dataset {
              name = adult-income
              task = binary
              id-column = person_id
              time-column = ""
              label-column = income
              positive-label = ">50K"
              sensitive-attributes = [sex, race]
              schema = [
                { name = person_id, type = string, nullable = false }
                { name = age, type = integer }
                { name = workclass, type = string }
                { name = hours_per_week, type = double }
                { name = sex, type = string }
                { name = race, type = string }
                { name = income, type = string, nullable = false }
              ]
              sources = [
                { name = census, type = files, format = csv, path = "landing/adult/*.data", header = false, delimiter = ", ", null-value = "?" }
                { name = warehouse, type = jdbc, url = "jdbc:postgresql://db:5432/census", table = "public.adult", user = reader,
                  password = "pw", partition-column = age, lower-bound = "17", upper-bound = "90", num-partitions = 4,
                  watermark-column = updated_at }
                { name = live, type = kafka, topic = adult-raw }
              ]
              missing-values = [ { column = workclass, strategy = constant, constant = "unknown", indicator = true } ]
              features {
                numeric = [age, { column = hours_per_week }]
                categorical = [workclass, sex, race]
              }
            }
            """;

    @Test
    void readsADatasetWithoutEntityOrTimeFromConfigAlone() {
        ConfigReader reader = new ConfigReader(ConfigFactory.parseString(ADULT).resolve());
        DatasetSpec spec = DatasetSpec.read(reader);

        assertThat(reader.problems()).isEmpty();
        assertThat(spec.task()).isEqualTo(TaskType.BINARY);
        assertThat(spec.hasEntity()).isFalse();
        assertThat(spec.hasTime()).isFalse();
        assertThat(spec.positiveLabel()).isEqualTo(">50K");
        assertThat(spec.column("hours_per_week")).contains(new ColumnSpec("hours_per_week", ColumnType.DOUBLE, true));
        assertThat(spec.numericFeatures()).containsExactly("age", "hours_per_week");
        assertThat(spec.categoricalFeatures()).containsExactly("workclass", "sex", "race");
        assertThat(spec.sources()).hasSize(3);
        FileSource census = (FileSource) spec.sources().get(0);
        assertThat(census.path()).isEqualTo("/data/work/landing/adult/*.data");
        assertThat(census.header()).isFalse();
        assertThat(census.delimiter()).isEqualTo(", ");
        assertThat(census.nullValue()).isEqualTo("?");
        JdbcSource warehouse = (JdbcSource) spec.sources().get(1);
        assertThat(warehouse.partitioned()).isTrue();
        assertThat(warehouse.numPartitions()).isEqualTo(4);
        assertThat(warehouse.incremental()).isTrue();
        assertThat(warehouse.password().reveal()).isEqualTo("pw");
        assertThat(warehouse.toString()).doesNotContain("pw,");
        assertThat(((KafkaSource) spec.sources().get(2)).bootstrapServers()).isEqualTo("broker:9092");
        assertThat(spec.missingValuePolicy("workclass"))
                .isEqualTo(new MissingValuePolicy("workclass", MissingValuePolicy.Strategy.CONSTANT, "unknown", true));
        assertThat(spec.missingValuePolicy("age").strategy()).isEqualTo(MissingValuePolicy.Strategy.MEDIAN);
        assertThat(spec.missingValuePolicy("sex").strategy()).isEqualTo(MissingValuePolicy.Strategy.KEEP);
    }

    @Test
    void reportsEveryProblemAtOnceNamingTheFullKey() {
        String wrong = ADULT + """
                mlcycle.dataset {
                  task = ranking
                  time-column = workclass
                  sensitive-attributes = [gender]
                  schema = ${mlcycle.dataset.schema} [ { name = age, type = int } ]
                  sources = [
                    { name = "bad name", type = files, format = xlsx, path = x, delimeter = ";" }
                    { name = db, type = jdbc, url = "postgres://db", num-partitions = 4 }
                    { name = db, type = kafka }
                  ]
                  missing-values = [ { column = workclass, strategy = constant } ]
                  features { numeric = [age, income, zip], categorical = [] }
                }
                """;
        ConfigReader reader = new ConfigReader(ConfigFactory.parseString(wrong).resolve());
        DatasetSpec.read(reader);

        List<String> keys = reader.problems().stream().map(ConfigProblem::key).toList();
        assertThat(keys).contains(
                "mlcycle.dataset.task",
                "mlcycle.dataset.time-column",
                "mlcycle.dataset.sensitive-attributes",
                "mlcycle.dataset.schema[7].type",
                "mlcycle.dataset.schema",
                "mlcycle.dataset.sources[0].name",
                "mlcycle.dataset.sources[0].format",
                "mlcycle.dataset.sources[0].delimeter",
                "mlcycle.dataset.sources[1].url",
                "mlcycle.dataset.sources[1].table",
                "mlcycle.dataset.sources[1].num-partitions",
                "mlcycle.dataset.sources[2].name",
                "mlcycle.dataset.sources[2].topic",
                "mlcycle.dataset.missing-values[0].constant",
                "mlcycle.dataset.features");
        assertThat(reader.problems()).anySatisfy(problem -> {
            assertThat(problem.key()).isEqualTo("mlcycle.dataset.features");
            assertThat(problem.value()).isEqualTo("'zip'");
        });
        assertThat(reader.problems()).anySatisfy(problem -> {
            assertThat(problem.key()).isEqualTo("mlcycle.dataset.features");
            assertThat(problem.value()).isEqualTo("'income'");
            assertThat(problem.expected()).contains("other than the id and the label");
        });
        assertThat(reader.problems()).anySatisfy(problem -> {
            assertThat(problem.key()).isEqualTo("mlcycle.dataset.sources[0].delimeter");
            assertThat(problem.expected()).contains("delimiter");
        });
    }
}
