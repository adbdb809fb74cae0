package io.mlcycle.platform.mlflow;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.io.LocalFiles;
import io.mlcycle.common.io.ModelFiles;
import io.mlcycle.platform.mlflow.MlflowRestClient.ArtifactEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a model's artifact directory through the tracking server's artifact proxy.
 *
 * <p>Files land in a hidden sibling of the target directory, which is renamed to the target only when every
 * file is complete, so a reader never sees a half-downloaded model. Accepted sources:
 * {@code mlflow-artifacts:/<experiment>/<run>/artifacts/<path>} and {@code runs:/<run-id>/<path>}.
 */
public final class MlflowModelFiles implements ModelFiles {
    private static final Logger LOG = LoggerFactory.getLogger(MlflowModelFiles.class);
    private static final String RUNS_SCHEME = "runs:/";

    private final MlflowRestClient client;
    private final MlflowTracker tracker;

    public MlflowModelFiles(MlflowRestClient client) {
        this.client = requireNonNull(client, "client is null");
        this.tracker = new MlflowTracker(client);
    }

    /**
     * Downloads every file below {@code sourceUri} into {@code targetDir}, which must not exist or be empty, and
     * returns {@code targetDir}.
     */
    @Override
    public Path download(String sourceUri, Path targetDir) {
        String purpose = "download model files from " + requireNonNull(sourceUri, "sourceUri is null");
        requireAbsentOrEmpty(targetDir, purpose);
        String root = proxyPath(sourceUri, purpose);
        Path staging = LocalFiles.stagingDirectory(targetDir, "downloading");
        try {
            int files = downloadTree(root, staging);
            if (files == 0) {
                throw new MlflowException(MlflowErrorCategory.NOT_FOUND,
                        "Cannot " + purpose + ": the tracking server at " + client.trackingUri() + " holds no files below " + root
                                + ". Check that the model was uploaded to this server and that the URI is right.");
            }
            LocalFiles.publish(staging, targetDir);
            return targetDir;
        } finally {
            LocalFiles.deleteRecursively(staging);
        }
    }

    private String proxyPath(String sourceUri, String purpose) {
        if (!sourceUri.startsWith(RUNS_SCHEME)) {
            return ArtifactPaths.proxyPath(sourceUri, purpose);
        }
        String rest = sourceUri.substring(RUNS_SCHEME.length());
        int slash = rest.indexOf('/');
        String runId = slash < 0 ? rest : rest.substring(0, slash);
        String relative = slash < 0 ? "" : rest.substring(slash + 1);
        if (runId.isEmpty()) {
            throw new IllegalArgumentException("Cannot " + purpose + ": no run id after runs:/ (expected runs:/<run-id>/<path>)");
        }
        String runRoot = ArtifactPaths.proxyPath(tracker.artifactUri(runId), purpose);
        return ArtifactPaths.join(runRoot, ArtifactPaths.normalize(relative, purpose));
    }

    /** Downloads the files below {@code proxyPath} into {@code dir} and returns how many there were. */
    private int downloadTree(String proxyPath, Path dir) {
        int count = 0;
        for (ArtifactEntry entry : client.listArtifacts(proxyPath)) {
            Path local = childOf(dir, entry.name(), proxyPath);
            String childPath = ArtifactPaths.join(proxyPath, entry.name());
            if (entry.isDirectory()) {
                createDirectories(local);
                count += downloadTree(childPath, local);
            } else {
                downloadFile(childPath, local, entry.fileSize());
                count++;
            }
        }
        return count;
    }

    private void downloadFile(String proxyPath, Path local, long expectedSize) {
        long written = client.downloadArtifact(proxyPath, local);
        if (expectedSize >= 0 && written != expectedSize) {
            throw new MlflowException(MlflowErrorCategory.INVALID_RESPONSE,
                    "Cannot download artifact " + proxyPath + " from " + client.trackingUri() + ": the listing says " + expectedSize
                            + " bytes but " + written + " arrived. Try again; if it persists, check the server's artifact store.");
        }
    }

    /** A listed name as a local path inside {@code dir}; a name that would escape it is the server's error. */
    private static Path childOf(Path dir, String name, String proxyPath) {
        Path child = dir.resolve(name).normalize();
        if (name.contains("/") || name.contains("\\") || !child.getParent().equals(dir.normalize())) {
            throw new MlflowException(MlflowErrorCategory.INVALID_RESPONSE,
                    "Cannot download " + proxyPath + ": the server listed an entry named '" + name + "', which is not a plain file name");
        }
        return child;
    }

    private static void requireAbsentOrEmpty(Path targetDir, String purpose) {
        if (!Files.exists(targetDir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(targetDir)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException("Cannot " + purpose + " into " + targetDir
                        + ": the directory exists and is not empty. Download into a new directory, or delete this one first.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot " + purpose + " into " + targetDir + ": it cannot be listed", e);
        }
    }

    /** Renames the complete download to its target in one step (the staging directory is on the same file system). */

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir + " for downloaded model files", e);
        }
    }

    /** Best effort: a leftover hidden staging directory wastes space but is never mistaken for a model. */
}
