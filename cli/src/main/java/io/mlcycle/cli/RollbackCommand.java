package io.mlcycle.cli;

import io.mlcycle.platform.mlflow.ChampionPromotions.Change;
import io.mlcycle.platform.mlflow.ChampionPromotions.Outcome;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rollback <model> --reason <text>}: points the champion alias back at the previous champion of the model's
 * champion history (skipping versions deleted since), recording who and why as {@code promote} does.
 */
@Command(name = "rollback", description = "Make the previous champion of a model the champion again, as found in the model's"
        + " champion history (tag mlcycle.champion_history; versions deleted since are skipped), recording who and why as promote does."
        + " A second rollback goes one champion further back.")
public final class RollbackCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<model>", description = "The registered model, e.g. loan-default.")
    private String model;

    @Option(names = "--reason", required = true, paramLabel = "<text>", description = "Why (kept with the rollback).")
    private String reason;

    @Option(names = "--by", paramLabel = "<who>", description = "Who rolls back (default: the OS user, ${DEFAULT-VALUE}).",
            defaultValue = "${sys:user.name}")
    private String by;

    @Override
    public Integer call() {
        Change change = ChampionCommands.who("roll back " + model, by, reason);
        Outcome outcome = ChampionCommands.change(spec, promotions -> promotions.rollback(model, change));
        ChampionCommands.report(spec, outcome, "Rolled back " + model + ": '" + outcome.alias() + "' is version " + outcome.to()
                + " again (" + ChampionCommands.previous(outcome) + "), by " + change.by() + ": " + change.reason());
        return 0;
    }
}
