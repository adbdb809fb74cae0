package io.mlcycle.cli.demo;

import io.mlcycle.cli.CliError;
import io.mlcycle.cli.CliException;
import io.mlcycle.cli.stack.Stack;
import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.io.LocalFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Gives every demo run a clean slate: the demo's landing files, Delta tables, scorer checkpoint and model
 * cache are deleted, and its Kafka topics are deleted and created again (so the new scorer does not replay
 * the previous run's events). MLflow keeps its history: a rerun adds runs and model versions.
 */
public final class DemoReset {
    private DemoReset() {}

    public static void reset(DemoPlan plan, KafkaSettings kafka, Stack stack, PrintWriter out) {
        out.println("Resetting the demo's files, tables, checkpoint and topics (MLflow keeps its history) ...");
        deleteLocal(plan.generator().outputDir());
        LakeSettings lake = plan.lake();
        for (String location : List.of(lake.bronzeDir(), lake.silverTable(), lake.quarantineTable(), lake.featuresTable(),
                lake.featuresTable() + "_preprocessing", plan.profileTable(), lake.predictionsTable(),
                lake.deadLetterTable(), lake.driftTable(), lake.alertsTable(), lake.driftCountsTable(), lake.ingestionLogTable(),
                plan.scorer().checkpointDir())) {
            if (location.contains("://")) {
                throw new CliException(CliError.JOB_FAILED, "Cannot reset the demo: " + location + " is not on the local disk. The demo runs on"
                        + " the local stack; use conf/local.conf (or leave mlcycle.lake.root and mlcycle.scorer.checkpoint-dir relative).");
            }
            deleteLocal(Path.of(location));
        }
        deleteLocal(plan.scorer().modelCacheDir());
        deleteTopics(kafka);
        stack.up(out);
    }

    private static void deleteTopics(KafkaSettings kafka) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            List<String> topics = kafka.topics().all();
            Set<String> existing = admin.listTopics().names().get();
            admin.deleteTopics(topics.stream().filter(existing::contains).toList()).all().get();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (admin.listTopics().names().get().stream().anyMatch(topics::contains)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new CliException(CliError.SERVICE_REQUEST_FAILED, "Cannot reset the demo: Kafka did not delete topics " + topics
                            + " within 60s. Check the broker's log, or stop and start the stack (./mlcycle stack down; ./mlcycle stack up).");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
        } catch (ExecutionException e) {
            throw new CliException(CliError.SERVICE_REQUEST_FAILED, "Cannot reset the demo's Kafka topics at " + kafka.bootstrapServers()
                    + ": " + e.getCause().getMessage() + ". Is the stack up? (./mlcycle stack status)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliError.SERVICE_REQUEST_FAILED, "Interrupted while resetting the demo's Kafka topics", e);
        }
    }

    private static void deleteLocal(Path dir) {
        try {
            LocalFiles.deleteRecursively(dir);
        } catch (java.io.UncheckedIOException e) {
            throw new CliException(CliError.PROCESS_FAILED, "Cannot reset the demo: " + e.getMessage() + ". Delete it by hand and run the demo again.", e);
        }
    }
}
