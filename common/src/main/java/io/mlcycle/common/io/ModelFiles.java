package io.mlcycle.common.io;

import java.nio.file.Path;

/** Fetches a model version's files (a directory of artifacts) to the local disk. */
public interface ModelFiles {
    /** Downloads the artifact directory at {@code sourceUri} into {@code targetDir} (created) and returns it. */
    Path download(String sourceUri, Path targetDir);
}
