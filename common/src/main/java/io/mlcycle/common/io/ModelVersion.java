package io.mlcycle.common.io;

import static java.util.Objects.requireNonNull;

/** One version of a registered model: where its files are and which run produced it. */
public record ModelVersion(String name, String version, String runId, String source) {
    public ModelVersion {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(source, "source is null");
    }
}
