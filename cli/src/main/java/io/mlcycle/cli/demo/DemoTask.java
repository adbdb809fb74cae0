package io.mlcycle.cli.demo;

import io.mlcycle.cli.ConfigLayers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The built-in data's task the demo runs: {@code binary} (will the loan default; the {@code --config} file as it is),
 * {@code multiclass} (the risk grade) or {@code regression} (the interest rate). The other two layer their keys
 * ({@code conf/tasks/layers/<task>.conf}: label, schema, lake root, checkpoint, topics, registered model, algorithms,
 * metric, gate) over the {@code --config} file, so a user's config and {@code -D} overrides still apply beneath them.
 */
public enum DemoTask {
    BINARY,
    MULTICLASS,
    REGRESSION;

    /** As written on the command line: {@code binary}, {@code multiclass}, {@code regression}. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The config file the demo and its jobs read: {@code userConfig} itself for binary; otherwise
     * {@code <work-dir>/demo/<task>.conf}, written here, which includes {@code userConfig} and then the task's layer from
     * {@code repositoryRoot}.
     */
    public Path configFile(Path userConfig, Path workDir, Path repositoryRoot) {
        if (this == BINARY) {
            return userConfig;
        }
        Path layer = repositoryRoot.resolve("conf").resolve("tasks").resolve("layers").resolve(optionValue() + ".conf");
        if (!Files.isRegularFile(layer)) {
            throw new IllegalStateException("Cannot run the " + optionValue() + " demo: its config layer " + layer + " is missing. Run ./mlcycle"
                    + " from a complete checkout of the repository.");
        }
        Path file = workDir.resolve("demo").resolve(optionValue() + ".conf");
        String text = "# Written by ./mlcycle demo --task " + optionValue() + ": the --config file with the task's keys layered over it."
                + " Rewritten by every demo run.\n" + ConfigLayers.includes(userConfig) + ConfigLayers.include(layer);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the demo's config " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** Reads {@code --task}: one of the values, in any case. */
    public static final class Converter implements ITypeConverter<DemoTask> {
        @Override
        public DemoTask convert(String value) {
            return Arrays.stream(values()).filter(task -> task.optionValue().equalsIgnoreCase(value.strip())).findFirst()
                    .orElseThrow(() -> new TypeConversionException("Cannot run the demo for task '" + value + "': use one of binary, multiclass,"
                            + " regression."));
        }
    }
}
