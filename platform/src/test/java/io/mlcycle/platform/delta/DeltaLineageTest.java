package io.mlcycle.platform.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.platform.SparkTestSession;
import io.mlcycle.platform.delta.DeltaLogException.Reason;
import io.mlcycle.platform.delta.LakeLineage.Upstream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
import org.junit.jupiter.api.io.TempDir;

/** Lineage read without Spark from Delta logs that real Spark and Delta wrote (local mode). */
class DeltaLineageTest {
    private static final StructType SCHEMA = new StructType().add("id", DataTypes.StringType).add("value", DataTypes.IntegerType);
    private static SparkSession spark;

    @TempDir
    Path lake;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(DeltaLineageTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void readsEveryCommitWithItsTimeOperationAndLineage() {
        String bronze = lake.resolve("bronze").toString();
        Instant before = Instant.now().minusSeconds(1);
        DeltaTables.append(rows(), bronze, new Lineage("ingest", "run-a", List.of(), List.of("files:/in/a.csv")).toJson());
        // The format of commits written before sources existed.
        DeltaTables.append(rows(), bronze, "{\"job\":\"ingest\",\"run_id\":\"run-b\",\"reads\":[]}");
        DeltaTables.overwrite(rows(), bronze, "not lineage");
        Instant after = Instant.now().plusSeconds(1);

        DeltaCommitLog log = DeltaCommitLog.open(bronze);

        assertThat(log.latestVersion()).isEqualTo(2);
        assertThat(log.commits()).extracting(DeltaCommit::version).containsExactly(0L, 1L, 2L);
        DeltaCommit first = log.commit(0);
        assertThat(first.table()).isEqualTo(bronze);
        assertThat(first.operation()).isEqualTo("WRITE");
        assertThat(first.operationParameters()).containsEntry("mode", "Append");
        assertThat(first.timestamp()).isBetween(before, after);
        assertThat(first.lineage()).contains(new Lineage("ingest", "run-a", List.of(), List.of("files:/in/a.csv")));
        assertThat(log.commit(1).lineage()).contains(new Lineage("ingest", "run-b", List.of()));
        assertThat(log.commit(2).operationParameters()).containsEntry("mode", "Overwrite");
        assertThat(log.commit(2).userMetadata()).contains("not lineage");
        assertThat(log.commit(2).lineage()).isEmpty();
        assertThat(DeltaCommitLog.open("file:" + bronze).commit(0)).isEqualTo(first);
    }

    @Test
    void linksTableVersionsUpstreamAndDownstreamAcrossTheLake() {
        String bronze = lake.resolve("bronze/applications").toString();
        String features = lake.resolve("silver/features").toString();
        String scores = lake.resolve("gold/scores").toString();
        DeltaTables.append(rows(), bronze, new Lineage("ingest", "i0", List.of(), List.of("files:/in/a.csv")).toJson());
        DeltaTables.append(rows(), bronze, new Lineage("ingest", "i1", List.of(), List.of("files:/in/b.csv")).toJson());
        DeltaTables.overwrite(rows(), features, new Lineage("prepare", "p0", List.of(new Lineage.TableVersion(bronze, 1))).toJson());
        DeltaTables.overwrite(rows(), features, new Lineage("prepare", "p1", List.of(new Lineage.TableVersion("file:" + bronze, 0))).toJson());
        DeltaTables.append(rows(), scores, new Lineage("score", "s0", List.of(new Lineage.TableVersion(features, 1))).toJson());
        LakeLineage lineage = LakeLineage.scan(lake.toString());
        DeltaCommit scored = DeltaCommitLog.open(scores).commit(0);

        List<Upstream> upstream = lineage.upstream(scored, 5);
        List<Upstream> shallow = lineage.upstream(scored, 1);

        assertThat(lineage.tables()).extracting(DeltaCommitLog::table)
                .containsExactly(Path.of(bronze), Path.of(scores), Path.of(features));
        assertThat(lineage.builtFrom(bronze, 0)).extracting(DeltaCommit::table, DeltaCommit::version).containsExactly(
                org.assertj.core.groups.Tuple.tuple(features, 1L));
        assertThat(lineage.builtFrom(features, 1)).extracting(c -> c.lineage().orElseThrow().runId()).containsExactly("s0");
        assertThat(lineage.builtFrom(scores, 0)).isEmpty();
        assertThat(upstream).singleElement().satisfies(input -> {
            assertThat(input.read()).isEqualTo(new Lineage.TableVersion(features, 1));
            assertThat(input.commit().orElseThrow().lineage().orElseThrow().runId()).isEqualTo("p1");
            assertThat(input.inputs()).singleElement().satisfies(origin -> {
                assertThat(origin.commit().orElseThrow().table()).isEqualTo(bronze);
                assertThat(origin.commit().orElseThrow().version()).isZero();
                assertThat(origin.commit().orElseThrow().lineage().orElseThrow().sources()).containsExactly("files:/in/a.csv");
                assertThat(origin.inputs()).isEmpty();
                assertThat(origin.note()).isEmpty();
            });
        });
        assertThat(shallow).singleElement().satisfies(input -> {
            assertThat(input.inputs()).isEmpty();
            assertThat(input.note()).contains("inputs not shown (depth limit)");
        });
    }

    @Test
    void stopsAtACycleAndNotesInputsThatAreGone() {
        String left = lake.resolve("left").toString();
        String right = lake.resolve("right").toString();
        // Lineage is what a job says it read; these two claim each other's versions.
        DeltaTables.append(rows(), left, new Lineage("a", "a0", List.of(new Lineage.TableVersion(right, 0))).toJson());
        DeltaTables.append(rows(), right, new Lineage("b", "b0",
                List.of(new Lineage.TableVersion(left, 0), new Lineage.TableVersion(lake.resolve("gone").toString(), 4))).toJson());

        List<Upstream> upstream = LakeLineage.scan(lake.toString()).upstream(DeltaCommitLog.open(left).commit(0), 10);

        Upstream viaRight = upstream.get(0);
        assertThat(viaRight.inputs()).hasSize(2);
        assertThat(viaRight.inputs().get(0).note()).contains("cycle: already above in this tree, not followed again");
        assertThat(viaRight.inputs().get(1).commit()).isEmpty();
        assertThat(viaRight.inputs().get(1).note()).hasValueSatisfying(note -> assertThat(note).contains("does not exist"));
    }

    @Test
    void readsPastCheckpointsAndNamesCommitsRemovedByRetention() throws IOException {
        String table = lake.resolve("events").toString();
        DeltaTables.append(rows(), table, new Lineage("ingest", "r0", List.of()).toJson());
        spark.sql("ALTER TABLE delta.`" + table + "` SET TBLPROPERTIES ('delta.checkpointInterval' = '2')");
        for (int i = 2; i <= 4; i++) {
            DeltaTables.append(rows(), table, new Lineage("ingest", "r" + i, List.of()).toJson());
        }
        Path log = Path.of(table, "_delta_log");
        assertThat(log.resolve("00000000000000000004.checkpoint.parquet")).exists();
        // What log retention does: commit files older than a checkpoint go, the table stays readable from the checkpoint.
        Files.delete(log.resolve("00000000000000000000.json"));
        Files.delete(log.resolve("00000000000000000001.json"));
        assertThat(DeltaTables.latestVersion(spark, table)).as("Spark still reads the table").isEqualTo(4);

        DeltaCommitLog commits = DeltaCommitLog.open(table);

        assertThat(commits.latestVersion()).isEqualTo(4);
        assertThat(commits.oldestCommit()).isEqualTo(2);
        assertThat(commits.commits()).extracting(c -> c.lineage().orElseThrow().runId()).containsExactly("r2", "r3", "r4");
        assertThatThrownBy(() -> commits.commit(1))
                .isInstanceOfSatisfying(DeltaLogException.class, e -> assertThat(e.reason()).isEqualTo(Reason.COMMIT_MISSING))
                .hasMessage("Cannot show version 1 of " + table + ": its commit file 00000000000000000001.json is no longer in _delta_log"
                        + " (removed by log retention, see delta.logRetentionDuration); the log keeps the commit files of versions 2 to 4.");
        assertThatThrownBy(() -> commits.commit(5))
                .isInstanceOfSatisfying(DeltaLogException.class, e -> assertThat(e.reason()).isEqualTo(Reason.VERSION_OUT_OF_RANGE))
                .hasMessage("Cannot show version 5 of " + table + ": the table has versions 0 to 4; the log keeps the commit files of versions 2 to 4.");
    }

    @Test
    void explainsWhatIsNotALocalDeltaTable() throws IOException {
        Path plain = Files.createDirectories(lake.resolve("plain"));

        assertThatThrownBy(() -> DeltaCommitLog.open(lake.resolve("missing").toString()))
                .isInstanceOfSatisfying(DeltaLogException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_DELTA_TABLE))
                .hasMessageContaining("the folder " + lake.resolve("missing") + " does not exist");
        assertThatThrownBy(() -> DeltaCommitLog.open(plain.toString()))
                .hasMessageContaining("the folder " + plain + " has no _delta_log folder");
        assertThatThrownBy(() -> DeltaCommitLog.open("s3a://bucket/lake/bronze"))
                .isInstanceOfSatisfying(DeltaLogException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_LOCATION))
                .hasMessageStartingWith("Cannot read the Delta log of s3a://bucket/lake/bronze: only local tables (plain paths or file: URIs)");
        assertThat(LakeLineage.scan(lake.resolve("no-lake-yet").toString()).tables()).isEmpty();
    }

    private static Dataset<Row> rows() {
        return spark.createDataFrame(List.of(RowFactory.create("a", 1)), SCHEMA);
    }
}
