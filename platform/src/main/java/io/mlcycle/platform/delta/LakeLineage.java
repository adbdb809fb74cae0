package io.mlcycle.platform.delta;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The lineage between the Delta tables of one local lake, read from their commit logs without Spark: what a table
 * version was built from (upstream, recursively) and what was built from it (the commits that read it).
 */
public final class LakeLineage {
    private final Path root;
    private final List<DeltaCommitLog> tables;

    private LakeLineage(Path root, List<DeltaCommitLog> tables) {
        this.root = root;
        this.tables = tables;
    }

    /**
     * One input of a commit in the upstream tree: the table version read, its commit when it could be read, why not
     * ({@code note}: missing table or commit file, a cycle, the depth limit), and the inputs of that commit in turn.
     */
    public record Upstream(Lineage.TableVersion read, Optional<DeltaCommit> commit, Optional<String> note, List<Upstream> inputs) {
        public Upstream {
            requireNonNull(read, "read is null");
            requireNonNull(commit, "commit is null");
            requireNonNull(note, "note is null");
            inputs = List.copyOf(inputs);
        }
    }

    /** Every Delta table under {@code root} (a plain path or file: URI): each folder that holds a {@code _delta_log}. */
    public static LakeLineage scan(String root) {
        Path folder = DeltaCommitLog.localPath(root);
        List<DeltaCommitLog> tables = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            for (Path table : deltaTablesUnder(folder)) {
                try {
                    tables.add(DeltaCommitLog.open(table.toString()));
                } catch (DeltaLogException e) {
                    // A _delta_log without any commit (a first write that failed) has nothing to link; skip it.
                }
            }
        }
        return new LakeLineage(folder, List.copyOf(tables));
    }

    /** The lake's root folder. */
    public Path root() {
        return root;
    }

    /** The tables found under the root, in path order. */
    public List<DeltaCommitLog> tables() {
        return tables;
    }

    /** Every commit, in any table of the lake, whose job read {@code table} at {@code version}; by table, then version. */
    public List<DeltaCommit> builtFrom(String table, long version) {
        List<DeltaCommit> readers = new ArrayList<>();
        for (DeltaCommitLog log : tables) {
            log.commits().stream().filter(commit -> commit.reads(table, version)).forEach(readers::add);
        }
        return List.copyOf(readers);
    }

    /**
     * Where the inputs of {@code commit} came from, recursively, down to {@code depth} levels. An input already on
     * the path from the commit is not followed again (a cycle); a table outside the lake is read from its own path.
     */
    public List<Upstream> upstream(DeltaCommit commit, int depth) {
        Set<String> path = new HashSet<>();
        path.add(key(commit.table(), commit.version()));
        return inputs(commit, depth, path);
    }

    private List<Upstream> inputs(DeltaCommit commit, int depth, Set<String> path) {
        List<Upstream> inputs = new ArrayList<>();
        for (Lineage.TableVersion read : commit.lineage().map(Lineage::reads).orElse(List.of())) {
            inputs.add(input(read, depth, path));
        }
        return inputs;
    }

    private Upstream input(Lineage.TableVersion read, int depth, Set<String> path) {
        DeltaCommit commit;
        try {
            commit = DeltaCommitLog.open(read.table()).commit(read.version());
        } catch (DeltaLogException e) {
            return new Upstream(read, Optional.empty(), Optional.of(e.getMessage()), List.of());
        }
        String key = key(commit.table(), commit.version());
        if (path.contains(key)) {
            return new Upstream(read, Optional.of(commit), Optional.of("cycle: already above in this tree, not followed again"), List.of());
        }
        boolean hasInputs = commit.lineage().map(l -> !l.reads().isEmpty()).orElse(false);
        if (depth <= 1) {
            return new Upstream(read, Optional.of(commit), hasInputs ? Optional.of("inputs not shown (depth limit)") : Optional.empty(), List.of());
        }
        path.add(key);
        List<Upstream> inputs = inputs(commit, depth - 1, path);
        path.remove(key);
        return new Upstream(read, Optional.of(commit), Optional.empty(), inputs);
    }

    private static String key(String table, long version) {
        return table + "@" + version;
    }

    private static List<Path> deltaTablesUnder(Path root) {
        List<Path> tables = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes) {
                    if (DeltaCommitLog.isDeltaTable(folder)) {
                        tables.add(folder);
                        // A table's own folders are its data files and log, never another table.
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot look for Delta tables under " + root + ": " + e.getMessage(), e);
        }
        tables.sort(null);
        return tables;
    }
}
