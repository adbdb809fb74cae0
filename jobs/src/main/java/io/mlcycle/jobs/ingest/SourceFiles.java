package io.mlcycle.jobs.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The files a file source's path names, as Spark would read them: a folder with its subfolders, a single file, or a
 * glob (whose folders are listed with their subfolders too). Hidden files (names starting with '.' or '_', such as
 * checksums and _SUCCESS markers) are left out, as Spark leaves them out. Sorted by path.
 */
final class SourceFiles {
    private SourceFiles() {}

    /** One version of one file: a file rewritten in place (other size or modification time) is another version. */
    record FileVersion(String path, long size, long modifiedMillis) {
        static FileVersion of(FileStatus status) {
            return new FileVersion(key(status), status.getLen(), status.getModificationTime());
        }
    }

    /**
     * The path as Spark's {@code _metadata.file_path} spells it: a URI with special characters escaped, and without an
     * empty authority ({@code file:/data/a%201.csv}, where Hadoop's listing says {@code file:///data/a%201.csv}).
     */
    static String key(FileStatus status) {
        java.net.URI uri = status.getPath().toUri();
        boolean noAuthority = uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty();
        return noAuthority && uri.getScheme() != null ? uri.getScheme() + ":" + uri.getRawPath() : uri.toString();
    }

    static List<FileStatus> list(String location, Configuration hadoop) {
        try {
            Path path = new Path(location);
            FileSystem fs = path.getFileSystem(hadoop);
            FileStatus[] matches = isGlob(location) ? fs.globStatus(path) : fs.exists(path) ? new FileStatus[] {fs.getFileStatus(path)} : null;
            List<FileStatus> files = new ArrayList<>();
            for (FileStatus match : matches == null ? new FileStatus[0] : matches) {
                if (match.isDirectory()) {
                    addRecursively(fs, match.getPath(), files);
                } else if (!hidden(match.getPath())) {
                    files.add(match);
                }
            }
            files.sort(Comparator.comparing(SourceFiles::key));
            return List.copyOf(files);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the files of " + location + ": " + e.getMessage(), e);
        }
    }

    private static void addRecursively(FileSystem fs, Path folder, List<FileStatus> files) throws IOException {
        RemoteIterator<LocatedFileStatus> listing = fs.listFiles(folder, true);
        while (listing.hasNext()) {
            LocatedFileStatus file = listing.next();
            if (!hidden(file.getPath()) && !inHiddenFolder(folder, file.getPath())) {
                files.add(file);
            }
        }
    }

    private static boolean inHiddenFolder(Path root, Path file) {
        for (Path parent = file.getParent(); parent != null && !parent.equals(root) && parent.depth() > root.depth(); parent = parent.getParent()) {
            if (hidden(parent)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hidden(Path path) {
        String name = path.getName();
        return name.startsWith(".") || name.startsWith("_");
    }

    private static boolean isGlob(String location) {
        return location.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }
}
