package io.mlcycle.common.config;

import java.nio.file.Path;

/** Test helper run in a child JVM: prints one key of the loaded configuration, so a test can set the environment. */
public final class ConfigProbe {
    private ConfigProbe() {}

    public static void main(String[] args) {
        System.out.println(ConfigLoader.load(Path.of(args[0])).getString(args[1]));
    }
}
