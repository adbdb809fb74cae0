package io.mlcycle.cli;

import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.MlflowSettings;
import io.mlcycle.platform.mlflow.ChampionPromotions;
import io.mlcycle.platform.mlflow.ChampionPromotions.Change;
import io.mlcycle.platform.mlflow.ChampionPromotions.Outcome;
import io.mlcycle.platform.mlflow.MlflowException;
import io.mlcycle.platform.mlflow.MlflowModelRegistry;
import io.mlcycle.platform.mlflow.MlflowRestClient;
import io.mlcycle.platform.mlflow.PromotionException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/** What {@code promote} and {@code rollback} share: the registry from the configuration, and how failures and outcomes read. */
final class ChampionCommands {
    private ChampionCommands() {
    }

    /** Runs {@code change} against the configured MLflow registry; refusals and server failures become {@link CliException}s. */
    static Outcome change(CommandSpec spec, Function<ChampionPromotions, Outcome> change) {
        ConfigReader reader = new ConfigReader(Main.config(spec));
        MlflowSettings mlflow = MlflowSettings.read(reader);
        reader.throwIfInvalid();
        ChampionPromotions promotions = new ChampionPromotions(new MlflowModelRegistry(MlflowRestClient.create(mlflow)),
                mlflow.championAlias(), Clock.systemUTC());
        try {
            return change.apply(promotions);
        } catch (PromotionException refused) {
            throw new CliException(CliError.INVALID_REQUEST, refused.getMessage(), refused);
        } catch (MlflowException failed) {
            throw new CliException(CliError.SERVICE_REQUEST_FAILED, failed.getMessage(), failed);
        } catch (IllegalArgumentException invalid) {
            throw new CliException(CliError.INVALID_REQUEST, invalid.getMessage(), invalid);
        }
    }

    /** Prints the warnings (to the error stream, so they stand out) and then {@code summary}. */
    static void report(CommandSpec spec, Outcome outcome, String summary) {
        PrintWriter err = spec.commandLine().getErr();
        outcome.warnings().forEach(warning -> err.println("Warning: " + warning));
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        out.println(summary);
        out.flush();
    }

    /** Who changes the champion and why, both required. */
    static Change who(String what, String by, String reason) {
        if (reason.isBlank() || by == null || by.isBlank()) {
            throw new CliException(CliError.INVALID_REQUEST, "Cannot " + what + " without saying who and why: give --reason \"<text>\""
                    + " (and --by <who> when the OS user is unknown).");
        }
        return new Change(by, reason);
    }

    static String previous(Outcome outcome) {
        return outcome.from().map(version -> "was version " + version).orElse("there was no champion");
    }
}
