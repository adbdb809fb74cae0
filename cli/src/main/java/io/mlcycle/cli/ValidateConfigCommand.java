package io.mlcycle.cli;

import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.DemoSettings;
import io.mlcycle.common.config.EvaluationSettings;
import io.mlcycle.common.config.GateSettings;
import io.mlcycle.common.config.GeneratorSettings;
import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.MlflowSettings;
import io.mlcycle.common.config.MonitorSettings;
import io.mlcycle.common.config.PrepareSettings;
import io.mlcycle.common.config.RetrainSettings;
import io.mlcycle.common.config.ScorerSettings;
import io.mlcycle.common.config.SparkSettings;
import io.mlcycle.common.config.StackSettings;
import io.mlcycle.common.config.TrainSettings;
import io.mlcycle.common.config.WorkDir;
import io.mlcycle.common.dataset.DatasetSpec;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code validate-config}: reads the configuration with every job's settings records, as the jobs would at their
 * start, and prints every problem at once (each naming its key), or that it is valid. Nothing is started or written.
 */
@Command(name = "validate-config", description = "Check the configuration as every job would at its start; print every problem at once,"
        + " each naming its key. Exit code 0 when valid, 2 otherwise.")
public final class ValidateConfigCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        ConfigReader reader = new ConfigReader(Main.config(spec));
        Path workDir = WorkDir.read(reader);
        SparkSettings.read(reader);
        LakeSettings.read(reader, workDir);
        LakeSettings.table(reader, workDir, "profile-table");
        LakeSettings.table(reader, workDir, "batch-predictions-table");
        KafkaSettings.read(reader);
        MlflowSettings.read(reader);
        StackSettings.read(reader, workDir);
        DatasetSpec dataset = DatasetSpec.read(reader);
        GeneratorSettings.read(reader, workDir);
        PrepareSettings.read(reader).checkAgainst(dataset, reader);
        TrainSettings.read(reader).checkAgainst(dataset.task(), reader);
        EvaluationSettings.read(reader).checkAgainst(dataset, reader);
        GateSettings.read(reader).checkAgainst(dataset.task(), reader);
        ScorerSettings.read(reader, workDir);
        MonitorSettings.read(reader);
        RetrainSettings.read(reader);
        DemoSettings.read(reader);
        reader.throwIfInvalid();
        spec.commandLine().getOut().printf("%s is valid: dataset '%s' with %d features, work dir %s.%n",
                Main.configFile(spec), dataset.name(), dataset.features().size(), workDir);
        return 0;
    }
}
