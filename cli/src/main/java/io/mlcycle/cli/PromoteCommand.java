package io.mlcycle.cli;

import io.mlcycle.platform.mlflow.ChampionPromotions.Change;
import io.mlcycle.platform.mlflow.ChampionPromotions.GateCheck;
import io.mlcycle.platform.mlflow.ChampionPromotions.Outcome;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code promote <model> <version> --reason <text>}: points the champion alias ({@code mlcycle.mlflow.champion-alias})
 * at a version, recording who and why on the version and in the model's champion history, which {@code rollback} reads.
 */
@Command(name = "promote", description = "Make a model version the champion (alias mlcycle.mlflow.champion-alias), recording who"
        + " and why as version tags (mlcycle.promoted_by, mlcycle.promoted_at, mlcycle.promotion_reason) and in the model's"
        + " champion history (tag mlcycle.champion_history). A version whose quality gate failed (tag mlcycle.gate = failed)"
        + " is refused unless --force.")
public final class PromoteCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<model>", description = "The registered model, e.g. loan-default.")
    private String model;

    @Parameters(index = "1", paramLabel = "<version>", description = "The version to promote, e.g. 3.")
    private String version;

    @Option(names = "--reason", required = true, paramLabel = "<text>", description = "Why (kept with the promotion).")
    private String reason;

    @Option(names = "--by", paramLabel = "<who>", description = "Who promotes (default: the OS user, ${DEFAULT-VALUE}).",
            defaultValue = "${sys:user.name}")
    private String by;

    @Option(names = "--force", description = "Promote even a version whose quality gate failed.")
    private boolean force;

    @Override
    public Integer call() {
        Change change = ChampionCommands.who("promote version " + version + " of " + model, by, reason);
        Outcome outcome = ChampionCommands.change(spec, promotions -> promotions.promote(model, version, change,
                force ? GateCheck.OVERRIDE : GateCheck.ENFORCE));
        String summary = outcome.changed()
                ? "Promoted version " + outcome.to() + " of " + model + " to '" + outcome.alias() + "' (" + ChampionCommands.previous(outcome)
                        + "), by " + change.by() + ": " + change.reason()
                : "Version " + outcome.to() + " of " + model + " is already '" + outcome.alias() + "'; nothing changed.";
        ChampionCommands.report(spec, outcome, summary);
        return 0;
    }

}
