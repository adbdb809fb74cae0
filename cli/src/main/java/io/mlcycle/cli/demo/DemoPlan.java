package io.mlcycle.cli.demo;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.DemoSettings;
import io.mlcycle.common.config.GeneratorSettings;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.MonitorSettings;
import io.mlcycle.common.config.ScorerSettings;
import io.mlcycle.common.config.WorkDir;
import io.mlcycle.common.dataset.DatasetSpec;
import java.nio.file.Path;

/** What the demo needs beyond the CLI's settings, read and validated once at its start. */
public record DemoPlan(
        Path workDir, DemoSettings demo, GeneratorSettings generator, MonitorSettings monitor, ScorerSettings scorer, LakeSettings lake,
        String profileTable, DatasetSpec dataset) {
    public DemoPlan {
        requireNonNull(workDir, "workDir is null");
        requireNonNull(demo, "demo is null");
        requireNonNull(generator, "generator is null");
        requireNonNull(monitor, "monitor is null");
        requireNonNull(scorer, "scorer is null");
        requireNonNull(lake, "lake is null");
        requireNonNull(profileTable, "profileTable is null");
        requireNonNull(dataset, "dataset is null");
    }

    public static DemoPlan read(Config config) {
        ConfigReader reader = new ConfigReader(config);
        Path workDir = WorkDir.read(reader);
        DemoPlan plan = new DemoPlan(workDir, DemoSettings.read(reader), GeneratorSettings.read(reader, workDir), MonitorSettings.read(reader),
                ScorerSettings.read(reader, workDir), LakeSettings.read(reader, workDir), LakeSettings.table(reader, workDir, "profile-table"),
                DatasetSpec.read(reader));
        reader.throwIfInvalid();
        return plan;
    }
}
