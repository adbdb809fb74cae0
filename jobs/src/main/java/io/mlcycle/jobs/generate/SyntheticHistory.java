package io.mlcycle.jobs.generate;

import io.mlcycle.common.config.GeneratorSettings;
import io.mlcycle.common.synthetic.LoanApplicationGenerator;
import io.mlcycle.common.synthetic.QualityIncidents;
import io.mlcycle.common.synthetic.Regime;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The synthetic history as a lazy Dataset generated on the executors, so that millions of rows never pass through the
 * driver. The series of {@code historyRows} applications is cut into blocks of {@value #BLOCK_ROWS}; block {@code b}
 * holds applications {@code b * BLOCK_ROWS} onwards (ids and event times continue across blocks) from a generator and
 * incidents seeded from the seed and {@code b} alone, so the same settings give the same rows whatever the number of
 * executors, the order tasks run in, or a task's retry. Block 0 uses the seed itself, as the single-stream generator did.
 * A partition (a file of the CSV output) holds consecutive blocks, at least {@value #MIN_PARTITIONS} partitions and about
 * {@value #ROWS_PER_PARTITION} rows each; rows within a partition come in id order.
 */
final class SyntheticHistory {
    /**
     * The files' columns: every value as text, as a real source's raw export would be (and can be wrong). The last three
     * are the targets of the three tasks; each task's dataset takes its own as the label and leaves the others out.
     */
    static final List<String> COLUMNS = List.of("application_id", "customer_id", "event_time", "amount", "income", "age", "credit_score",
            "tenure_months", "open_loans", "channel", "region", "employment", "defaulted", "risk_grade", "interest_rate");
    static final StructType SCHEMA = schema();
    static final int BLOCK_ROWS = 5_000;
    static final int ROWS_PER_PARTITION = 250_000;
    static final int MIN_PARTITIONS = 4;

    private SyntheticHistory() {}

    static Dataset<Row> generate(SparkSession spark, GeneratorSettings settings) {
        Blocks blocks = new Blocks(settings.seed(), settings.historyRows(), settings.entities(), settings.startTime(),
                settings.eventInterval(), settings.missingIncomeShare(), settings.scenario().regime(), settings.incidents());
        int count = blocks.count();
        int partitions = Math.min(count, Math.max(MIN_PARTITIONS, (settings.historyRows() + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION));
        return spark.range(0, count, 1, partitions).as(Encoders.LONG()).flatMap(blocks, Encoders.row(SCHEMA));
    }

    /** The rows of one block, generated as they are consumed. */
    record Blocks(long seed, int rows, int entities, Instant start, Duration interval, double missingIncomeShare, Regime regime,
            QualityIncidents.Shares incidents) implements FlatMapFunction<Long, Row>, Serializable {
        int count() {
            return (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
        }

        @Override
        public Iterator<Row> call(Long block) {
            long first = block * BLOCK_ROWS;
            int size = (int) Math.min(BLOCK_ROWS, rows - first);
            LoanApplicationGenerator generator = new LoanApplicationGenerator(blockSeed(seed, block, 0), "hist", entities, start, interval,
                    missingIncomeShare, first);
            QualityIncidents damage = QualityIncidents.forLoanApplications(blockSeed(seed, block, 1), incidents);
            return new BlockRows(generator, damage, regime, size);
        }
    }

    /** Block 0 keeps the configured seed; every other block gets its own, mixed from the seed, the block and the stream. */
    static long blockSeed(long seed, long block, int stream) {
        if (block == 0) {
            return seed;
        }
        return mix(mix(seed) ^ mix(block * 2 + stream + 1));
    }

    /** SplitMix64's finalizer: nearby inputs give unrelated outputs. */
    private static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
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

    /** {@code size} applications as delivered (an incident may deliver one twice), one at a time. */
    private static final class BlockRows implements Iterator<Row> {
        private final LoanApplicationGenerator generator;
        private final QualityIncidents incidents;
        private final Regime regime;
        private final Deque<Row> pending = new ArrayDeque<>(2);
        private int remaining;

        BlockRows(LoanApplicationGenerator generator, QualityIncidents incidents, Regime regime, int size) {
            this.generator = generator;
            this.incidents = incidents;
            this.regime = regime;
            this.remaining = size;
        }

        @Override
        public boolean hasNext() {
            if (pending.isEmpty() && remaining > 0) {
                remaining--;
                incidents.apply(generator.next(regime).labeledEvent()).forEach(delivered -> pending.add(toRow(delivered)));
            }
            return !pending.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pending.removeFirst();
        }
    }
}
