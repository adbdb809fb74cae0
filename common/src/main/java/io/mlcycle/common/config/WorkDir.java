package io.mlcycle.common.config;

import java.nio.file.Path;

/** The folder that holds all of mlcycle's local state; every relative path in the config resolves against it. */
public final class WorkDir {
    private WorkDir() {}

    public static Path read(ConfigReader reader) {
        return reader.path("mlcycle.work-dir", Path.of("").toAbsolutePath());
    }
}
