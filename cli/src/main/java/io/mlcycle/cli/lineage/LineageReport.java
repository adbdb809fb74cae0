package io.mlcycle.cli.lineage;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlcycle.platform.delta.DeltaCommit;
import io.mlcycle.platform.delta.DeltaCommitLog;
import io.mlcycle.platform.delta.LakeLineage.Upstream;
import io.mlcycle.platform.delta.Lineage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Where one Delta table version came from and what was built from it, printed for people ({@link #print}) or as
 * JSON ({@link #json}). Tables under the lake root are named relative to it (bronze/applications).
 */
public record LineageReport(
        Path lakeRoot,
        DeltaCommit commit,
        long latestVersion,
        int depth,
        List<Upstream> upstream,
        List<DeltaCommit> builtFrom,
        TrainingRuns.Search trainingRuns) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public LineageReport {
        requireNonNull(lakeRoot, "lakeRoot is null");
        requireNonNull(commit, "commit is null");
        upstream = List.copyOf(upstream);
        builtFrom = List.copyOf(builtFrom);
        requireNonNull(trainingRuns, "trainingRuns is null");
    }

    public void print(PrintWriter out) {
        String self = name(commit.table()) + " v" + commit.version();
        out.printf("%s version %d (latest %d)%n", name(commit.table()), commit.version(), latestVersion);
        out.printf("  committed  %s  %s  %s%n", commit.timestamp(), commit.operation(), writer(commit));
        List<Lineage.TableVersion> reads = commit.lineage().map(Lineage::reads).orElse(List.of());
        List<String> sources = commit.lineage().map(Lineage::sources).orElse(List.of());
        out.printf("  read       %s%n", reads.isEmpty() ? "no Delta table"
                : String.join(", ", reads.stream().map(r -> name(r.table()) + " v" + r.version()).toList()));
        out.printf("  sources    %s%n", sources.isEmpty() ? "none" : String.join(", ", sources));

        out.printf("%nupstream (where its inputs came from, %d levels at most)%n", depth);
        out.printf("  %s  %s%n", self, summary(commit));
        upstream.forEach(input -> printUpstream(out, input, 2));

        out.printf("%nbuilt from it (commits that read %s)%n", self);
        if (builtFrom.isEmpty()) {
            out.println("  none");
        }
        builtFrom.forEach(reader -> out.printf("  %s v%d  %s%n", name(reader.table()), reader.version(), summary(reader)));

        out.printf("%nMLflow runs that trained on it%n");
        trainingRuns.note().ifPresent(note -> out.printf("  %s%n", note));
        if (trainingRuns.note().isEmpty() && trainingRuns.runs().isEmpty()) {
            out.println("  none");
        }
        trainingRuns.runs().forEach(run -> out.printf("  run %s  %s  experiment %s  %s%n", run.runId(), run.runName(), run.experimentId(), run.status()));
        out.flush();
    }

    public ObjectNode json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("table", commit.table());
        root.put("name", name(commit.table()));
        root.put("latest_version", latestVersion);
        root.set("commit", commitJson(commit));
        ArrayNode inputs = root.putArray("upstream");
        upstream.forEach(input -> inputs.add(upstreamJson(input)));
        ArrayNode readers = root.putArray("built_from");
        builtFrom.forEach(reader -> readers.add(commitJson(reader)));
        ArrayNode runs = root.putArray("mlflow_runs");
        trainingRuns.runs().forEach(run -> runs.addObject().put("run_id", run.runId()).put("run_name", run.runName())
                .put("experiment_id", run.experimentId()).put("status", run.status()));
        trainingRuns.note().ifPresent(note -> root.put("mlflow_note", note));
        return root;
    }

    private void printUpstream(PrintWriter out, Upstream input, int indent) {
        String pad = " ".repeat(indent);
        String read = name(input.read().table()) + " v" + input.read().version();
        out.printf("%s  <- %s  %s%n", pad, read, input.commit().map(this::summary).orElse(""));
        String detailPad = pad + "     ";
        input.commit().flatMap(DeltaCommit::lineage).ifPresent(l -> l.sources().forEach(s -> out.printf("%ssource %s%n", detailPad, s)));
        input.note().ifPresent(note -> out.printf("%s(%s)%n", detailPad, note));
        input.inputs().forEach(next -> printUpstream(out, next, indent + 4));
    }

    private String summary(DeltaCommit commit) {
        return commit.timestamp() + "  " + commit.operation() + "  " + writer(commit);
    }

    private static String writer(DeltaCommit commit) {
        return commit.lineage()
                .map(l -> "by " + l.job() + (l.runId().isEmpty() ? "" : ", run " + l.runId()))
                .orElse("by no mlcycle job (no lineage in userMetadata)");
    }

    private ObjectNode commitJson(DeltaCommit commit) {
        ObjectNode node = JSON.createObjectNode();
        node.put("table", commit.table());
        node.put("name", name(commit.table()));
        node.put("version", commit.version());
        node.put("timestamp", commit.timestamp().toString());
        node.put("operation", commit.operation());
        commit.lineage().ifPresent(l -> {
            node.put("job", l.job());
            node.put("run_id", l.runId());
            ArrayNode reads = node.putArray("reads");
            l.reads().forEach(r -> reads.addObject().put("table", r.table()).put("version", r.version()));
            ArrayNode sources = node.putArray("sources");
            l.sources().forEach(sources::add);
        });
        return node;
    }

    private ObjectNode upstreamJson(Upstream input) {
        ObjectNode node = JSON.createObjectNode();
        node.put("table", input.read().table());
        node.put("version", input.read().version());
        input.commit().ifPresent(c -> node.set("commit", commitJson(c)));
        input.note().ifPresent(note -> node.put("note", note));
        ArrayNode inputs = node.putArray("inputs");
        input.inputs().forEach(next -> inputs.add(upstreamJson(next)));
        return node;
    }

    /** The table's path relative to the lake root when it lies below it, else the location as written. */
    private String name(String table) {
        try {
            Path path = DeltaCommitLog.localPath(table);
            return path.startsWith(lakeRoot) && !path.equals(lakeRoot) ? lakeRoot.relativize(path).toString() : path.toString();
        } catch (RuntimeException e) {
            return table;
        }
    }
}
