package io.mlcycle.platform.delta;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlcycle.platform.delta.DeltaLogException.Reason;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The commit history of one local Delta table, read from its {@code _delta_log} JSON commit files with Jackson,
 * without Spark. Each line of a commit file is one action; the {@code commitInfo} action holds the time, the
 * operation and the {@code userMetadata} where mlcycle's jobs store their {@link Lineage}.
 *
 * <p>Checkpoints ({@code N.checkpoint*.parquet}) only summarize the table's state: the JSON commit files stay until
 * log retention deletes them. So the latest version is the highest commit or checkpoint number, and a version whose
 * commit file is gone is reported as such ({@link Reason#COMMIT_MISSING}), not as a failure to read the table.
 */
public final class DeltaCommitLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COMMIT_FILE = Pattern.compile("(\\d{20})\\.json");
    private static final Pattern CHECKPOINT_FILE = Pattern.compile("(\\d{20})\\.checkpoint(\\..+)?\\.(parquet|json)");
    private static final String LOG_FOLDER = "_delta_log";

    private final Path table;
    private final NavigableSet<Long> commitVersions;
    private final long latestVersion;

    private DeltaCommitLog(Path table, NavigableSet<Long> commitVersions, long latestVersion) {
        this.table = table;
        this.commitVersions = commitVersions;
        this.latestVersion = latestVersion;
    }

    /** Opens the log of the table at {@code location}: a plain path or a {@code file:} URI. */
    public static DeltaCommitLog open(String location) {
        Path table = localPath(location);
        Path log = table.resolve(LOG_FOLDER);
        if (!Files.isDirectory(log)) {
            throw new DeltaLogException(Reason.NOT_A_DELTA_TABLE, "Cannot read the Delta log of " + location + ": "
                    + (Files.isDirectory(table) ? "the folder " + table + " has no " + LOG_FOLDER + " folder"
                            : "the folder " + table + " does not exist")
                    + ". Check the path (a table name is relative to mlcycle.lake.root), or run the job that writes the table first.");
        }
        NavigableSet<Long> commits = new TreeSet<>();
        long latest = -1;
        for (Path file : list(log)) {
            String name = file.getFileName().toString();
            Matcher commit = COMMIT_FILE.matcher(name);
            Matcher checkpoint = CHECKPOINT_FILE.matcher(name);
            if (commit.matches()) {
                commits.add(Long.parseLong(commit.group(1)));
                latest = Math.max(latest, Long.parseLong(commit.group(1)));
            } else if (checkpoint.matches()) {
                latest = Math.max(latest, Long.parseLong(checkpoint.group(1)));
            }
        }
        if (latest < 0) {
            throw new DeltaLogException(Reason.NOT_A_DELTA_TABLE, "Cannot read the Delta log of " + location + ": " + log
                    + " holds no commit or checkpoint file (a write that never committed?). Check the path, or rerun the job that writes the table.");
        }
        return new DeltaCommitLog(table, commits, latest);
    }

    /** Whether {@code folder} is a Delta table: it has a {@code _delta_log} folder. */
    public static boolean isDeltaTable(Path folder) {
        return Files.isDirectory(folder.resolve(LOG_FOLDER));
    }

    /** The absolute local path of {@code location} (a plain path or a {@code file:} URI); other schemes are refused. */
    public static Path localPath(String location) {
        if (location.startsWith("file:/")) {
            try {
                return Path.of(URI.create(location)).toAbsolutePath().normalize();
            } catch (IllegalArgumentException e) {
                throw new DeltaLogException(Reason.UNSUPPORTED_LOCATION, "Cannot read the Delta log of " + location
                        + ": not a local file URI (" + e.getMessage() + "). Write it as file:/absolute/path or as a plain path.", e);
            }
        }
        if (location.startsWith("file:")) {
            return Path.of(location.substring("file:".length())).toAbsolutePath().normalize();
        }
        if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:/.*")) {
            throw new DeltaLogException(Reason.UNSUPPORTED_LOCATION, "Cannot read the Delta log of " + location
                    + ": only local tables (plain paths or file: URIs) are read without Spark. Read its history with Spark"
                    + " instead (DESCRIBE HISTORY delta.`" + location + "`).");
        }
        return Path.of(location).toAbsolutePath().normalize();
    }

    /** Whether two table locations name the same local folder; false when either is not a local location. */
    public static boolean sameLocation(String first, String second) {
        try {
            return localPath(first).equals(localPath(second));
        } catch (DeltaLogException | IllegalArgumentException e) {
            return first.equals(second);
        }
    }

    /** The table's absolute local path. */
    public Path table() {
        return table;
    }

    /** The latest version: the highest commit or checkpoint number in the log. */
    public long latestVersion() {
        return latestVersion;
    }

    /** The oldest version whose JSON commit file is still in the log (older ones were removed by log retention). */
    public long oldestCommit() {
        return commitVersions.isEmpty() ? latestVersion + 1 : commitVersions.first();
    }

    /** The commit of {@code version}; fails when the version is out of range or its commit file is gone. */
    public DeltaCommit commit(long version) {
        if (version < 0 || version > latestVersion) {
            throw new DeltaLogException(Reason.VERSION_OUT_OF_RANGE, "Cannot show version " + version + " of " + table
                    + ": the table has versions 0 to " + latestVersion + describeRetained() + ".");
        }
        if (!commitVersions.contains(version)) {
            throw new DeltaLogException(Reason.COMMIT_MISSING, "Cannot show version " + version + " of " + table
                    + ": its commit file " + commitFile(version).getFileName() + " is no longer in " + LOG_FOLDER
                    + " (removed by log retention, see delta.logRetentionDuration)" + describeRetained() + ".");
        }
        return read(version);
    }

    /** Every commit whose JSON file is in the log, oldest first. */
    public List<DeltaCommit> commits() {
        List<DeltaCommit> commits = new ArrayList<>();
        for (long version : commitVersions) {
            commits.add(read(version));
        }
        return List.copyOf(commits);
    }

    private String describeRetained() {
        if (commitVersions.isEmpty()) {
            return "; no commit file is left in the log";
        }
        long first = commitVersions.first();
        long last = commitVersions.last();
        if (first == 0 && commitVersions.size() == latestVersion + 1) {
            return "";
        }
        if (commitVersions.size() == last - first + 1) {
            return "; the log keeps the commit files of versions " + first + " to " + last;
        }
        return "; the log keeps " + commitVersions.size() + " commit files between versions " + first + " and " + last;
    }

    private DeltaCommit read(long version) {
        Path file = commitFile(version);
        try (BufferedReader reader = Files.newBufferedReader(file, UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                // Only the commitInfo line is parsed: add/remove lines can be many and long.
                if (line.contains("\"commitInfo\"")) {
                    JsonNode info = JSON.readTree(line).path("commitInfo");
                    if (info.isObject()) {
                        return commit(version, info);
                    }
                }
            }
            return new DeltaCommit(table.toString(), version, Files.getLastModifiedTime(file).toInstant(), "UNKNOWN", Map.of(),
                    Optional.empty(), Optional.empty());
        } catch (IOException e) {
            throw new DeltaLogException(Reason.UNREADABLE_LOG, "Cannot read version " + version + " of " + table + " from " + file
                    + ": " + e.getMessage() + ". Check that the file is readable and is a Delta commit (one JSON action per line).", e);
        }
    }

    private DeltaCommit commit(long version, JsonNode info) {
        // With in-commit timestamps enabled, that one is the commit's time; otherwise the writer's clock.
        long millis = info.has("inCommitTimestamp") ? info.path("inCommitTimestamp").asLong() : info.path("timestamp").asLong();
        Map<String, String> parameters = new LinkedHashMap<>();
        info.path("operationParameters").fields().forEachRemaining(e -> parameters.put(e.getKey(),
                e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        Optional<String> userMetadata = info.path("userMetadata").isTextual()
                ? Optional.of(info.path("userMetadata").asText()) : Optional.empty();
        return new DeltaCommit(table.toString(), version, Instant.ofEpochMilli(millis), info.path("operation").asText("UNKNOWN"),
                parameters, userMetadata, userMetadata.flatMap(Lineage::fromJson));
    }

    private Path commitFile(long version) {
        return table.resolve(LOG_FOLDER).resolve(String.format("%020d.json", version));
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new DeltaLogException(Reason.UNREADABLE_LOG, "Cannot list " + folder + ": " + e.getMessage()
                    + ". Check that the folder is readable.", e);
        }
    }
}
