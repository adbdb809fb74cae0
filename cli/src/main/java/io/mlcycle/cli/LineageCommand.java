package io.mlcycle.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlcycle.cli.lineage.LineageReport;
import io.mlcycle.cli.lineage.TrainingRuns;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.MlflowSettings;
import io.mlcycle.common.config.WorkDir;
import io.mlcycle.platform.delta.DeltaCommit;
import io.mlcycle.platform.delta.DeltaCommitLog;
import io.mlcycle.platform.delta.DeltaLogException;
import io.mlcycle.platform.delta.LakeLineage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lineage <table> [--version N]}: where a Delta table version came from (what its commit's job read, and
 * recursively where that came from) and what was built from it (commits of the lake's tables that read it, MLflow runs
 * that trained on it). Reads the tables' commit logs directly, without Spark; local lakes only.
 */
@Command(name = "lineage", description = "Show where a Delta table version came from and what was built from it: the commit"
        + " (time, operation, job, run), what it read (tables at their versions, external sources), the upstream tree, the commits"
        + " of every table under mlcycle.lake.root that read it, and the MLflow runs tagged with it."
        + " Local lakes only (paths or file: URIs).")
public final class LineageCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "<table>", description = "The table: a path, or a name relative to mlcycle.lake.root (e.g. silver/features).")
    private String table;

    @Option(names = "--version", paramLabel = "N", description = "The table version (default: the latest).")
    private Long version;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "5", description = "How many levels of the upstream tree to show (default: ${DEFAULT-VALUE}).")
    private int depth;

    // --version names the table version here, which drops the inherited -h/-V mixin: --help is declared again.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Option(names = "--json", description = "Print the lineage as one JSON document, for machines.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        ConfigReader reader = new ConfigReader(Main.config(spec));
        Path workDir = WorkDir.read(reader);
        String lakeRoot = reader.location("mlcycle.lake.root", workDir);
        MlflowSettings mlflow = MlflowSettings.read(reader);
        reader.throwIfInvalid();
        if (depth < 1) {
            throw new CliException(CliError.INVALID_REQUEST, "Cannot show an upstream tree of depth " + depth + ": use --depth 1 or more.");
        }
        LineageReport report;
        try {
            report = report(lakeRoot, mlflow);
        } catch (DeltaLogException e) {
            throw new CliException(CliError.INVALID_REQUEST, e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report.json()));
            out.flush();
        } else {
            report.print(out);
        }
        return 0;
    }

    private LineageReport report(String lakeRoot, MlflowSettings mlflow) {
        DeltaCommitLog log = DeltaCommitLog.open(location(lakeRoot));
        DeltaCommit commit = log.commit(version == null ? log.latestVersion() : version);
        LakeLineage lake = LakeLineage.scan(lakeRoot);
        return new LineageReport(lake.root(), commit, log.latestVersion(), depth,
                lake.upstream(commit, depth),
                lake.builtFrom(commit.table(), commit.version()),
                TrainingRuns.create(mlflow).using(commit.table(), commit.version()));
    }

    /** {@code <table>} as given when it is absolute or a URI; else below the lake root, or else below the current folder. */
    private String location(String lakeRoot) {
        if (table.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || Path.of(table).isAbsolute()) {
            return table;
        }
        String inLake = lakeRoot.endsWith("/") ? lakeRoot + table : lakeRoot + "/" + table;
        boolean onlyHere = !DeltaCommitLog.isDeltaTable(DeltaCommitLog.localPath(inLake)) && DeltaCommitLog.isDeltaTable(Path.of(table));
        return onlyHere ? Path.of(table).toAbsolutePath().normalize().toString() : inLake;
    }
}
