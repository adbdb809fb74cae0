package io.mlcycle.jobs.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mlcycle.common.config.Secret;
import io.mlcycle.common.dataset.source.JdbcSource;
import io.mlcycle.jobs.ingest.IngestResult;
import io.mlcycle.jobs.testing.TestPostgres;
import io.mlcycle.platform.SparkTestSession;
import io.mlcycle.platform.delta.DeltaTables;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JdbcIngester} against a real PostgreSQL (see {@link TestPostgres}) into Delta tables in Spark local mode. Every
 * expected value is written out by hand from the rows each test inserts.
 */
class JdbcIngesterIT {
    private static SparkSession spark;
    private static TestPostgres postgres;

    @TempDir
    Path lake;

    @BeforeAll
    static void start() {
        postgres = TestPostgres.createSchema(JdbcIngesterIT.class);
        spark = SparkTestSession.start(JdbcIngesterIT.class);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void readsASnapshotSourceInFullWithTheDatabasesTypesAndReplacesItOnlyWhenItChanged() throws SQLException {
        execute("CREATE TABLE customers (id integer, name text, credit_limit numeric(10,2), joined date, seen timestamptz)",
                "INSERT INTO customers VALUES (1, 'ada', 1500.50, '2025-03-01', '2026-01-01 08:00:00+00'),"
                        + " (2, 'bob', NULL, '2025-04-15', NULL), (3, NULL, 20.00, NULL, '2026-01-02 09:30:00.25+00')");
        JdbcIngester ingester = new JdbcIngester(source("customers", "customers", "", ""));
        String bronze = lake.resolve("customers").toString();

        IngestResult first = ingester.ingest(spark, bronze, "run-1");

        String origin = postgres.url() + "/customers";
        assertThat(first).isEqualTo(new IngestResult("customers", "jdbc", origin, List.of(), "", "", 3, 0L));
        Dataset<Row> table = spark.read().format("delta").load(bronze);
        assertThat(table.schema().apply("id").dataType()).isEqualTo(DataTypes.IntegerType);
        assertThat(table.schema().apply("credit_limit").dataType()).isEqualTo(DataTypes.createDecimalType(10, 2));
        assertThat(table.schema().apply("joined").dataType()).isEqualTo(DataTypes.DateType);
        assertThat(table.schema().apply("seen").dataType()).isEqualTo(DataTypes.TimestampType);
        assertThat(lines(table.orderBy("id"), "id", "name", "credit_limit", "joined", "_source", "_origin", "_ingest_run_id", "_corrupt_record"))
                .containsExactly(
                        "1|ada|1500.50|2025-03-01|customers|" + origin + "|run-1|null",
                        "2|bob|null|2025-04-15|customers|" + origin + "|run-1|null",
                        "3|null|20.00|null|customers|" + origin + "|run-1|null");
        assertThat(instants(table.orderBy("id"), "seen")).containsExactly(
                Instant.parse("2026-01-01T08:00:00Z"), null, Instant.parse("2026-01-02T09:30:00.25Z"));
        assertThat(table.filter("_ingested_at IS NULL").count()).isZero();

        IngestResult unchanged = ingester.ingest(spark, bronze, "run-2");

        assertThat(unchanged).isEqualTo(new IngestResult("customers", "jdbc", origin, List.of(), "", "", 0, null));
        assertThat(DeltaTables.latestVersion(spark, bronze)).isZero();

        execute("UPDATE customers SET credit_limit = 1600.00 WHERE id = 1");
        IngestResult changed = ingester.ingest(spark, bronze, "run-3");

        assertThat(changed).isEqualTo(new IngestResult("customers", "jdbc", origin, List.of(), "", "", 3, 1L));
        assertThat(lines(spark.read().format("delta").load(bronze).orderBy("id"), "id", "credit_limit", "_ingest_run_id"))
                .containsExactly("1|1600.00|run-3", "2|null|run-3", "3|20.00|run-3");
    }

    @Test
    void readsEveryRowExactlyOnceOverFourPartitionsIncludingRowsOutsideTheBoundsAndNullPartitionValues() throws SQLException {
        // Bounds 1..17 over 4 partitions: strides of 4, so splits at 5, 9 and 13; the first partition also takes NULLs
        // and values below 1, the last one values above 17.
        execute("CREATE TABLE events (id integer, bucket integer, payload text)",
                "INSERT INTO events VALUES (1, -10, 'a'), (2, 0, 'b'), (3, 1, 'c'), (4, 4, 'd'), (5, 5, 'e'), (6, 8, 'f'),"
                        + " (7, 9, 'g'), (8, 12, 'h'), (9, 13, 'i'), (10, 17, 'j'), (11, 100, 'k'), (12, NULL, 'l')");
        JdbcSource source = new JdbcSource("events", postgres.url(), "events", "", postgres.user(), Secret.of(postgres.password()),
                "bucket", "1", "17", 4, "", 1000);
        JdbcIngester ingester = new JdbcIngester(source);

        Dataset<Row> rows = ingester.rows(spark);

        assertThat(rows.rdd().getNumPartitions()).isEqualTo(4);
        List<List<Integer>> partitions = rows.select("id").javaRDD().glom().collect().stream()
                .map(partition -> partition.stream().map(row -> row.getInt(0)).sorted().toList())
                .toList();
        assertThat(partitions).containsExactly(List.of(1, 2, 3, 4, 12), List.of(5, 6), List.of(7, 8), List.of(9, 10, 11));

        String bronze = lake.resolve("events").toString();
        IngestResult result = ingester.ingest(spark, bronze, "run-1");

        assertThat(result.rows()).isEqualTo(12);
        assertThat(lines(spark.read().format("delta").load(bronze).orderBy("id"), "id", "bucket", "payload")).containsExactly(
                "1|-10|a", "2|0|b", "3|1|c", "4|4|d", "5|5|e", "6|8|f", "7|9|g", "8|12|h", "9|13|i", "10|17|j", "11|100|k", "12|null|l");
    }

    @Test
    void readsOnlyRowsAboveTheLastWatermarkAndNothingWhenNothingIsNew() throws SQLException {
        execute("CREATE TABLE loans (id integer, amount numeric(10,2), updated_at timestamptz NOT NULL)",
                "INSERT INTO loans VALUES (1, 100.00, '2026-01-01 00:00:00+00'), (2, 200.00, '2026-01-02 00:00:00+00'),"
                        + " (3, 300.00, '2026-01-03 00:00:00+00')");
        JdbcIngester ingester = new JdbcIngester(source("loans", "loans", "", "updated_at"));
        String bronze = lake.resolve("loans").toString();
        String origin = postgres.url() + "/loans";

        IngestResult first = ingester.ingest(spark, bronze, "run-1");

        assertThat(first).isEqualTo(new IngestResult("loans", "jdbc", origin, List.of(), "", "(-inf, 2026-01-03T00:00:00Z]", 3, 0L));

        execute("INSERT INTO loans VALUES (4, 400.00, '2026-01-04 00:00:00+00'), (5, 500.00, '2026-01-05 00:00:00+00')",
                "UPDATE loans SET amount = 250.00, updated_at = '2026-01-06 00:00:00+00' WHERE id = 2");
        IngestResult second = ingester.ingest(spark, bronze, "run-2");

        assertThat(second).isEqualTo(new IngestResult("loans", "jdbc", origin, List.of(), "",
                "(2026-01-03T00:00:00Z, 2026-01-06T00:00:00Z]", 3, 1L));
        assertThat(lines(spark.read().format("delta").load(bronze).orderBy("_ingest_run_id", "id"), "id", "amount", "_ingest_run_id"))
                .containsExactly("1|100.00|run-1", "2|200.00|run-1", "3|300.00|run-1", "2|250.00|run-2", "4|400.00|run-2", "5|500.00|run-2");

        IngestResult rerun = ingester.ingest(spark, bronze, "run-3");

        assertThat(rerun).isEqualTo(new IngestResult("loans", "jdbc", origin, List.of(), "",
                "(2026-01-06T00:00:00Z, 2026-01-06T00:00:00Z]", 0, null));
        assertThat(DeltaTables.latestVersion(spark, bronze)).isEqualTo(1L);

        // The documented limitation of a "greater than" watermark: a row arriving later with an older watermark is missed.
        execute("INSERT INTO loans VALUES (6, 600.00, '2026-01-05 12:00:00+00')");
        assertThat(ingester.ingest(spark, bronze, "run-4").rows()).isZero();
        assertThat(DeltaTables.latestVersion(spark, bronze)).isEqualTo(1L);
    }

    @Test
    void pushesBothWatermarkComparisonsDownToTheDatabaseAndStopsAtTheUpperWatermark() throws SQLException {
        execute("CREATE TABLE payments (id integer, updated_at timestamptz NOT NULL)",
                "INSERT INTO payments VALUES (1, '2026-02-01 00:00:00+00'), (2, '2026-02-02 00:00:00+00'),"
                        + " (3, '2026-02-03 00:00:00+00'), (4, '2026-02-04 00:00:00+00')");
        JdbcSource source = new JdbcSource("payments", postgres.url(), "payments", "", postgres.user(), Secret.of(postgres.password()),
                "id", "1", "4", 2, "updated_at", 1000);
        WatermarkRange range = new WatermarkRange(
                Timestamp.from(Instant.parse("2026-02-01T00:00:00Z")), Timestamp.from(Instant.parse("2026-02-03T00:00:00Z")));

        Dataset<Row> rows = new JdbcIngester(source).rowsIn(spark, range);

        assertThat(lines(rows.orderBy("id"), "id")).containsExactly("2", "3");
        assertThat(rows.rdd().getNumPartitions()).isEqualTo(2);
        spark.conf().set("spark.sql.maxMetadataStringLength", "10000");
        String plan = rows.queryExecution().executedPlan().toString();
        assertThat(plan).containsPattern("PushedFilters: \\[[^]]*\\*GreaterThan\\(updated_at,2026-02-01[^]]*\\*LessThanOrEqual\\(updated_at,2026-02-03");
        assertThat(plan).doesNotContain(postgres.password());
    }

    @Test
    void ingestsAQuerySourceIncrementally() throws SQLException {
        execute("CREATE TABLE orders (id integer, amount numeric(10,2), status text, updated_at timestamptz NOT NULL)",
                "INSERT INTO orders VALUES (1, 10.00, 'open', '2026-03-01 00:00:00+00'), (2, 20.00, 'cancelled', '2026-03-02 00:00:00+00'),"
                        + " (3, 30.00, 'open', '2026-03-03 00:00:00+00')");
        // amount * 2 is a numeric without precision, which Spark reads as decimal(38,18).
        String query = "SELECT id, amount * 2 AS doubled, updated_at FROM orders WHERE status = 'open'";
        JdbcIngester ingester = new JdbcIngester(source("open-orders", "", query, "updated_at"));
        String bronze = lake.resolve("open-orders").toString();

        IngestResult first = ingester.ingest(spark, bronze, "run-1");
        execute("INSERT INTO orders VALUES (4, 40.00, 'open', '2026-03-04 00:00:00+00'), (5, 50.00, 'cancelled', '2026-03-05 00:00:00+00')");
        IngestResult second = ingester.ingest(spark, bronze, "run-2");

        String origin = postgres.url() + "/(" + query + ") mlcycle_source";
        assertThat(first).isEqualTo(new IngestResult("open-orders", "jdbc", origin, List.of(), "", "(-inf, 2026-03-03T00:00:00Z]", 2, 0L));
        assertThat(second).isEqualTo(new IngestResult("open-orders", "jdbc", origin, List.of(), "",
                "(2026-03-03T00:00:00Z, 2026-03-04T00:00:00Z]", 1, 1L));
        assertThat(lines(spark.read().format("delta").load(bronze).orderBy("id"), "id", "doubled", "_ingest_run_id", "_origin"))
                .containsExactly("1|20.000000000000000000|run-1|" + origin, "3|60.000000000000000000|run-1|" + origin,
                        "4|80.000000000000000000|run-2|" + origin);
    }

    @Test
    void aWrongPasswordFailsWithTheCauseAndWithoutThePassword() {
        String wrong = "Wr0ng-Pa55word-" + System.nanoTime();
        JdbcSource source = new JdbcSource("loans", postgres.url(), "loans", "", postgres.user(), Secret.of(wrong), "", "", "", 1, "", 1000);

        JdbcSourceException failure = catchThrowableOfType(JdbcSourceException.class,
                () -> new JdbcIngester(source).ingest(spark, lake.resolve("wrong").toString(), "run-1"));

        assertThat(failure.category()).isEqualTo(JdbcErrorCategory.UNAUTHORIZED);
        assertThat(failure.getMessage())
                .startsWith("Cannot read source 'loans' (" + postgres.url() + "): ")
                .contains("password authentication failed for user \"" + postgres.user() + "\"")
                .endsWith(". Check the source's user and password, and that this user may SELECT from the table or query.");
        assertThat(stackTrace(failure)).doesNotContain(wrong).doesNotContain(postgres.password());
    }

    @Test
    void aRefusedConnectionSaysToCheckTheServerAndUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/mlcycle?password=" + postgres.password();
        JdbcSource source = new JdbcSource("loans", url, "loans", "", postgres.user(), Secret.of(postgres.password()), "", "", "", 1, "", 1000);

        JdbcSourceException failure = catchThrowableOfType(JdbcSourceException.class,
                () -> new JdbcIngester(source).ingest(spark, lake.resolve("refused").toString(), "run-1"));

        assertThat(failure.category()).isEqualTo(JdbcErrorCategory.UNREACHABLE);
        assertThat(failure.getMessage())
                .startsWith("Cannot read source 'loans' (jdbc:postgresql://127.0.0.1:" + closedPort + "/mlcycle): Connection to 127.0.0.1:"
                        + closedPort + " refused")
                .endsWith(". Check that the database server is running and that the source's url names the right host, port and database.");
        assertThat(stackTrace(failure)).doesNotContain(postgres.password());
    }

    @Test
    void aMissingTableSaysToCheckTheTableOrQuery() {
        JdbcIngester ingester = new JdbcIngester(source("ghost", "no_such_table", "", ""));

        assertThatThrownBy(() -> ingester.ingest(spark, lake.resolve("ghost").toString(), "run-1"))
                .isInstanceOf(JdbcSourceException.class)
                .hasMessageStartingWith("Cannot read source 'ghost' (" + postgres.url() + "): ERROR: relation \"no_such_table\" does not exist")
                .hasMessageEndingWith(". Check the source's table or query, and that partition-column and watermark-column are columns of it.");
    }

    private static JdbcSource source(String name, String table, String query, String watermarkColumn) {
        return new JdbcSource(name, postgres.url(), table, query, postgres.user(), Secret.of(postgres.password()), "", "", "", 1,
                watermarkColumn, 1000);
    }

    private static void execute(String... statements) throws SQLException {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static List<String> lines(Dataset<Row> rows, String... columns) {
        return rows.selectExpr(columns).collectAsList().stream()
                .map(row -> java.util.stream.IntStream.range(0, row.size()).mapToObj(i -> String.valueOf(row.get(i))).collect(Collectors.joining("|")))
                .toList();
    }

    private static List<Instant> instants(Dataset<Row> rows, String column) {
        return rows.select(column).collectAsList().stream().map(row -> row.isNullAt(0) ? null : row.getTimestamp(0).toInstant()).toList();
    }

    private static String stackTrace(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
