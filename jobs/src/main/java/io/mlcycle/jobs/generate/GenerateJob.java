package io.mlcycle.jobs.generate;

import io.mlcycle.common.config.GeneratorSettings;
import io.mlcycle.common.synthetic.LoanApplicationGenerator;
import io.mlcycle.common.synthetic.QualityIncidents;
import io.mlcycle.jobs.Job;
import io.mlcycle.jobs.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes the built-in synthetic history (labeled loan applications in the configured scenario, with the configured
 * data-quality incidents) as CSV files into the landing folder, where the ingest job picks them up. Seeded: a rerun
 * writes the same rows.
 */
public final class GenerateJob implements Job {
    /** The files' columns: every value written as text, as a real source's raw export would be (and can be wrong). */
    static final List<String> COLUMNS = List.of("application_id", "customer_id", "event_time", "amount", "income", "age", "credit_score",
            "tenure_months", "open_loans", "channel", "region", "employment", "defaulted");
    static final StructType SCHEMA = schema();
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
        progress.step("generating " + settings.historyRows() + " labeled applications (seed " + settings.seed() + ", scenario "
                + io.mlcycle.common.config.ConfigReader.kebab(settings.scenario()) + ", incidents " + settings.incidents() + ")");
        LoanApplicationGenerator generator = new LoanApplicationGenerator(settings.seed(), "hist", settings.entities(),
                settings.startTime(), settings.eventInterval(), settings.missingIncomeShare());
        QualityIncidents incidents = QualityIncidents.forLoanApplications(settings.seed(), settings.incidents());
        List<Row> rows = new ArrayList<>(settings.historyRows());
        for (int i = 0; i < settings.historyRows(); i++) {
            for (Map<String, Object> delivered : incidents.apply(generator.next(settings.scenario().regime()).labeledEvent())) {
                rows.add(toRow(delivered));
            }
        }
        Dataset<Row> history = spark.createDataFrame(rows, SCHEMA);
        String target = settings.outputDir().resolve("history").toString();
        history.repartition(FILES).write().mode(SaveMode.Overwrite).option("header", "true").csv(target);
        progress.step("wrote " + rows.size() + " rows as " + FILES + " CSV files to " + target);
    }

    static Row toRow(Map<String, Object> record) {
        return RowFactory.create(COLUMNS.stream().map(column -> record.get(column) == null ? null : String.valueOf(record.get(column))).toArray());
    }

    private static StructType schema() {
        StructType schema = new StructType();
        for (String column : COLUMNS) {
            schema = schema.add(column, DataTypes.StringType, true);
        }
        return schema;
    }
}
