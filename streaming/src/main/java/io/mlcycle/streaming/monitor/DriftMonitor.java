package io.mlcycle.streaming.monitor;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.window;

import io.delta.tables.DeltaTable;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.MonitorSettings;
import io.mlcycle.common.drift.FeatureReference;
import io.mlcycle.common.drift.Psi;
import io.mlcycle.common.drift.ReferenceProfile;
import io.mlcycle.common.scoring.ScoringModel;
import io.mlcycle.platform.delta.IdempotentDeltaAppend;
import io.mlcycle.streaming.RecordSink;
import io.mlcycle.streaming.monitor.DriftWindows.BinCount;
import io.mlcycle.streaming.monitor.DriftWindows.ClosedWindow;
import io.mlcycle.streaming.monitor.DriftWindows.Window;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online drift monitoring inside the scorer's micro-batches.
 *
 * <p>Per batch: the scored rows are counted per tumbling event-time window, feature and bin of the champion's
 * {@link ReferenceProfile}; the counts of open windows are appended to the drift-counts table (idempotent per batch) and
 * added to the in-memory {@link DriftWindows}. Windows that closed are evaluated once: when a window of one model
 * version has at least {@code minWindowEvents} rows, the PSI of every feature is written to the drift table, and each
 * PSI above the threshold becomes an alert (alerts table, and topic through a {@link RecordSink}). Smaller windows are
 * skipped.
 *
 * <p>Restart safety: {@link #restore()} rebuilds the state from the drift-counts table (maximum event time, counts of
 * windows without rows in the drift table). A batch that is replayed after a crash finds its counts already restored and
 * does not add them again; its Delta writes are skipped by Delta ({@code txnAppId}/{@code txnVersion}), except those that
 * had not happened before the crash. The drift table is written last in a batch: a window is evaluated (has drift rows)
 * only when its alerts were written before. Alerts on the topic are at least once.
 */
public final class DriftMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(DriftMonitor.class);

    private final SparkSession spark;
    private final MonitorSettings settings;
    private final LakeSettings lake;
    private final String timeColumn;
    private final Function<String, ReferenceProfile> references;
    private final IdempotentDeltaAppend delta;
    private final RecordSink alertSink;
    private final String alertsTopic;
    private DriftWindows windows;
    private long restoredLastBatchId = -1;

    public DriftMonitor(SparkSession spark, MonitorSettings settings, LakeSettings lake, String timeColumn,
                        Function<String, ReferenceProfile> references, IdempotentDeltaAppend delta, RecordSink alertSink, String alertsTopic) {
        this.spark = requireNonNull(spark, "spark is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.lake = requireNonNull(lake, "lake is null");
        this.timeColumn = requireNonNull(timeColumn, "timeColumn is null");
        this.references = requireNonNull(references, "references is null");
        this.delta = requireNonNull(delta, "delta is null");
        this.alertSink = requireNonNull(alertSink, "alertSink is null");
        this.alertsTopic = requireNonNull(alertsTopic, "alertsTopic is null");
        this.windows = new DriftWindows(settings.allowedLateness(), Optional.empty(), List.of());
    }

    /** Rebuilds the state from the drift-counts and drift tables; call once before the first batch. */
    public void restore() {
        if (!DeltaTable.isDeltaTable(spark, lake.driftCountsTable())) {
            return;
        }
        Dataset<Row> counts = spark.read().format("delta").load(lake.driftCountsTable());
        Row summary = counts.agg(max("batch_id"), max("max_event_time")).first();
        if (summary.isNullAt(0)) {
            return;
        }
        restoredLastBatchId = summary.getLong(0);
        Dataset<Row> pending = counts;
        if (DeltaTable.isDeltaTable(spark, lake.driftTable())) {
            Dataset<Row> evaluated = spark.read().format("delta").load(lake.driftTable()).select("window_start", "model_version").distinct();
            pending = counts.as("c").join(evaluated.as("e"), col("c.window_start").equalTo(col("e.window_start"))
                    .and(col("c.model_version").equalTo(col("e.model_version"))), "left_anti");
        }
        List<BinCount> pendingCounts = pending
                .groupBy("window_start", "window_end", "model_name", "model_version", "feature", "bin")
                .agg(sum("count"))
                .collectAsList().stream()
                .map(row -> new BinCount(new Window(instant(row.get(0)), instant(row.get(1)), row.getString(2), row.getString(3)),
                        row.getString(4), row.getInt(5), row.getLong(6)))
                .toList();
        windows = new DriftWindows(settings.allowedLateness(), Optional.of(instant(summary.get(1))), pendingCounts);
        LOG.info("Drift monitor restored: batches up to {}, max event time {}, {} pending bin counts.",
                restoredLastBatchId, windows.maxEventTime().orElseThrow(), pendingCounts.size());
    }

    /** Counts one micro-batch's scored rows (all scored by {@code model}) and evaluates the windows that closed. */
    public void process(Dataset<Row> predictions, ScoringModel model, long batchId) {
        requireFeatures(predictions, model);
        List<Row> aggregated = binCounts(predictions, model.reference());
        List<BinCount> counts = new ArrayList<>();
        Instant batchMaxEventTime = null;
        for (Row row : aggregated) {
            Window window = new Window(instant(row.get(0)), instant(row.get(1)), model.version().name(), model.version().version());
            counts.add(new BinCount(window, row.getString(2), row.getInt(3), row.getLong(4)));
            Instant rowMax = instant(row.get(5));
            batchMaxEventTime = batchMaxEventTime == null || rowMax.isAfter(batchMaxEventTime) ? rowMax : batchMaxEventTime;
        }
        // open means open before this batch: a batch may hold a window's events and the later ones that close it
        List<BinCount> open = windows.openOnly(counts);
        if (batchId > restoredLastBatchId) {
            windows.add(open);
        } else {
            LOG.info("Batch {} is a replay: its drift counts were restored from {}.", batchId, lake.driftCountsTable());
        }
        if (batchMaxEventTime != null) {
            windows.advance(batchMaxEventTime);
        }
        if (!open.isEmpty()) {
            delta.append(countRows(open, model.reference(), batchId), lake.driftCountsTable(), batchId);
        }
        evaluate(windows.closeDue(), batchId);
    }

    private void requireFeatures(Dataset<Row> predictions, ScoringModel model) {
        List<String> columns = List.of(predictions.columns());
        List<String> missing = model.reference().featureNames().stream().filter(name -> !columns.contains(name)).toList();
        if (!columns.contains(timeColumn) || !missing.isEmpty()) {
            throw new IllegalStateException("Cannot monitor drift with the reference of " + model.version().name() + " version "
                    + model.version().version() + ": its features " + missing + " or the event time " + timeColumn
                    + " are not columns of the scored events " + columns + ". The model was trained on another dataset spec;"
                    + " retrain it with the current mlcycle.dataset.");
        }
    }

    /** Rows (window start, window end, feature, bin, count, max event time) of the scored rows. */
    private List<Row> binCounts(Dataset<Row> predictions, ReferenceProfile reference) {
        String duration = settings.window().toMillis() + " milliseconds";
        return predictions
                .select(window(col(timeColumn), duration).as("w"), col(timeColumn).as("t"), explode(reference.featureBins()).as("b"))
                .groupBy(col("w.start"), col("w.end"), col("b." + ReferenceProfile.FEATURE), col("b." + ReferenceProfile.BIN))
                .agg(count(lit(1)), max(col("t")))
                .collectAsList();
    }

    private Dataset<Row> countRows(List<BinCount> counts, ReferenceProfile reference, long batchId) {
        Timestamp maxEventTime = Timestamp.from(windows.maxEventTime().orElseThrow());
        Timestamp now = Timestamp.from(Instant.now());
        List<Row> rows = counts.stream().map(c -> RowFactory.create(
                Timestamp.from(c.window().start()), Timestamp.from(c.window().end()), c.window().modelName(), c.window().modelVersion(),
                c.feature(), c.bin(), reference.feature(c.feature()).binLabel(c.bin()), c.count(), batchId, maxEventTime, now)).toList();
        return spark.createDataFrame(rows, MonitorTables.DRIFT_COUNTS);
    }

    private void evaluate(List<ClosedWindow> closed, long batchId) {
        List<Row> driftRows = new ArrayList<>();
        List<Row> alertRows = new ArrayList<>();
        Timestamp now = Timestamp.from(Instant.now());
        for (ClosedWindow window : closed) {
            ReferenceProfile reference = references.apply(window.window().modelVersion());
            // every row falls into one bin of every feature, so any feature's counts add up to the rows of the window
            FeatureReference first = reference.features().get(0);
            long events = total(window.counts(first.feature(), first.binCount()));
            if (events < settings.minWindowEvents()) {
                LOG.info("Drift window {} has {} events, fewer than {}: not evaluated.", window.window(), events, settings.minWindowEvents());
                continue;
            }
            for (FeatureReference feature : reference.features()) {
                double psi = Psi.ofCounts(feature.countArray(), window.counts(feature.feature(), feature.binCount()));
                boolean drifted = psi > settings.psiThreshold();
                driftRows.add(driftRow(window.window(), feature.feature(), psi, drifted, events, now, batchId));
                if (drifted) {
                    alertRows.add(alertRow(window.window(), feature.feature(), psi, now));
                    LOG.warn("Drift: PSI of {} in window {} is {} (threshold {}).", feature.feature(), window.window(), psi, settings.psiThreshold());
                }
            }
        }
        if (!alertRows.isEmpty()) {
            Dataset<Row> alerts = spark.createDataFrame(alertRows, MonitorTables.ALERTS);
            delta.append(alerts, lake.alertsTable(), batchId);
            alertSink.write(alerts, col("feature"), alertsTopic);
        }
        if (!driftRows.isEmpty()) {
            delta.append(spark.createDataFrame(driftRows, MonitorTables.DRIFT), lake.driftTable(), batchId);
        }
    }

    private Row driftRow(Window window, String feature, double psi, boolean drifted, long events, Timestamp now, long batchId) {
        return RowFactory.create(Timestamp.from(window.start()), Timestamp.from(window.end()), window.modelName(), window.modelVersion(),
                feature, MonitorTables.PSI, psi, settings.psiThreshold(), drifted, events, now, batchId);
    }

    private Row alertRow(Window window, String feature, double psi, Timestamp now) {
        return RowFactory.create(feature, MonitorTables.PSI, psi, settings.psiThreshold(), Timestamp.from(window.start()),
                Timestamp.from(window.end()), window.modelName(), window.modelVersion(), now);
    }

    private static long total(long[] counts) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        return total;
    }

    private static Instant instant(Object value) {
        return value instanceof Instant instant ? instant : ((Timestamp) value).toInstant();
    }
}
