package io.mlcycle.jobs.features;

import com.typesafe.config.ConfigFactory;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.PrepareSettings;
import io.mlcycle.common.config.SparkSettings;
import io.mlcycle.common.dataset.DatasetSpec;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A silver-shaped Delta table of 40 payment events (event i: customer c(i mod 4), i hours after midnight, amount 10 i,
 * channel by i mod 3, label i mod 2, income missing when i mod 5 = 0), a customer dimension in Parquet without c3, a
 * derived ratio and hour, and a 7-day amount sum per customer: a dataset with every kind of feature the features job adds.
 */
public final class PaymentsFixture {
    public static final Instant MIDNIGHT = Instant.parse("2026-03-01T00:00:00Z");
    public static final StructType SILVER = new StructType()
            .add("id", DataTypes.StringType, false).add("customer", DataTypes.StringType).add("t", DataTypes.TimestampType)
            .add("amount", DataTypes.DoubleType).add("income", DataTypes.DoubleType).add("channel", DataTypes.StringType)
            .add("y", DataTypes.IntegerType).add("_source", DataTypes.StringType).add("_ingested_at", DataTypes.TimestampType);

    private PaymentsFixture() {}

    public static String dataset(String customersPath) {
        return """
                mlcycle.work-dir = "/tmp"
                mlcycle.dataset {
                  name = payments, task = binary, id-column = id, entity-column = customer, time-column = t, label-column = y
                  schema = [
                    { name = id, type = string, nullable = false }, { name = customer, type = string }, { name = t, type = timestamp }
                    { name = amount, type = double }, { name = income, type = double }, { name = channel, type = string }
                    { name = y, type = integer }
                  ]
                  missing-values = [ { column = income, strategy = median, indicator = true }, { column = segment, strategy = mode } ]
                  features {
                    numeric = [amount, { column = income, transform = log, scale = robust }, amount_to_income, amount_sum_7d, credit_limit]
                    categorical = [channel, { column = segment, encoding = index }, hour]
                    derived = [
                      { name = amount_to_income, ratio = [amount, income] }
                      { name = hour, date-part = { column = t, part = hour } }
                    ]
                    lookups = [ { name = customers, path = "%s", format = parquet, key = customer, lookup-key = cid, columns = [segment, credit_limit] } ]
                    aggregates = [ { name = amount_sum_7d, column = amount, function = sum, window = 7d } ]
                  }
                }
                """.formatted(customersPath);
    }

    /** Writes the 40 silver events and the customer dimension under {@code root}; the job's config with {@code split}. */
    public static FeaturesJobConfig writeSilverAndCustomers(SparkSession spark, String root, PrepareSettings split) {
        List<Row> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add(RowFactory.create("e" + i, "c" + (i % 4), Timestamp.from(MIDNIGHT.plusSeconds(3600L * i)), 10.0 * i,
                    i % 5 == 0 ? null : 1000.0 + i, List.of("web", "branch", "partner").get(i % 3), i % 2, "f.csv",
                    Timestamp.from(MIDNIGHT)));
        }
        spark.createDataFrame(events, SILVER).write().format("delta").save(root + "/silver");
        StructType customers = new StructType().add("cid", DataTypes.StringType).add("segment", DataTypes.StringType)
                .add("credit_limit", DataTypes.DoubleType);
        spark.createDataFrame(List.of(RowFactory.create("c0", "gold", 5000.0), RowFactory.create("c1", "basic", 500.0),
                RowFactory.create("c2", "basic", 800.0)), customers).write().parquet(root + "/customers");
        ConfigReader reader = new ConfigReader(ConfigFactory.parseString(dataset(root + "/customers")).resolve());
        DatasetSpec spec = DatasetSpec.read(reader);
        reader.throwIfInvalid();
        LakeSettings lakeSettings = new LakeSettings(root + "/bronze", root + "/silver", root + "/quarantine",
                root + "/features", root + "/predictions", root + "/dead", root + "/drift", root + "/alerts", root + "/counts", root + "/log");
        return new FeaturesJobConfig(new SparkSettings("local[2]", 2, 2, "1g"), lakeSettings, root + "/profiles", spec, split, 4);
    }
}
