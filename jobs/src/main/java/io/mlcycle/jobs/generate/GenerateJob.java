package io.mlcycle.jobs.generate;

import io.mlcycle.common.config.GeneratorSettings;
import io.mlcycle.common.synthetic.LoanApplication;
import io.mlcycle.common.synthetic.LoanApplicationGenerator;
import io.mlcycle.common.synthetic.Regime;
import io.mlcycle.jobs.Job;
import io.mlcycle.jobs.Progress;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes the built-in synthetic history (labeled loan applications from the clean regime) as CSV files
 * into the landing folder, where the ingest job picks them up. Seeded: a rerun writes the same rows.
 */
public final class GenerateJob implements Job {
    static final StructType SCHEMA = new StructType()
            .add("application_id", DataTypes.StringType, false)
            .add("customer_id", DataTypes.StringType, false)
            .add("event_time", DataTypes.TimestampType, false)
            .add("amount", DataTypes.DoubleType, false)
            .add("income", DataTypes.DoubleType, true)
            .add("age", DataTypes.DoubleType, false)
            .add("credit_score", DataTypes.DoubleType, false)
            .add("tenure_months", DataTypes.DoubleType, false)
            .add("open_loans", DataTypes.DoubleType, false)
            .add("channel", DataTypes.StringType, false)
            .add("region", DataTypes.StringType, false)
            .add("employment", DataTypes.StringType, false)
            .add("defaulted", DataTypes.IntegerType, false);
    private static final int FILES = 4;

    private final SparkSession spark;
    private final GeneratorSettings settings;
    private final Progress progress = new Progress("generate");

    public GenerateJob(SparkSession spark, GeneratorSettings settings) {
        this.spark = spark;
        this.settings = settings;
    }

    @Override
    public void run() {
        progress.step("generating " + settings.historyRows() + " labeled applications (seed " + settings.seed() + ")");
        LoanApplicationGenerator generator = new LoanApplicationGenerator(settings.seed(), "hist", settings.entities(),
                settings.startTime(), settings.eventInterval(), settings.missingIncomeShare());
        List<Row> rows = new ArrayList<>(settings.historyRows());
        for (int i = 0; i < settings.historyRows(); i++) {
            rows.add(toRow(generator.next(Regime.CLEAN)));
        }
        Dataset<Row> history = spark.createDataFrame(rows, SCHEMA);
        String target = settings.outputDir().resolve("history").toString();
        history.repartition(FILES).write().mode(SaveMode.Overwrite).option("header", "true").csv(target);
        progress.step("wrote " + rows.size() + " rows as " + FILES + " CSV files to " + target);
    }

    static Row toRow(LoanApplication application) {
        return RowFactory.create(
                application.applicationId(),
                application.customerId(),
                Timestamp.from(application.eventTime()),
                application.amount(),
                application.income(),
                application.age(),
                application.creditScore(),
                application.tenureMonths(),
                application.openLoans(),
                application.channel(),
                application.region(),
                application.employment(),
                application.defaulted());
    }
}
