package io.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateConfigCommandTest {
    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void saysTheShippedConfigurationIsValid() {
        Path config = TestFiles.configFile(directory, "");

        int exitCode = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "--config", config.toString(), "validate-config");

        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(out.toString()).contains(config + " is valid: dataset 'loan-applications' with 10 features");
    }

    @Test
    void listsEveryProblemOfEveryJobAtOnceEachNamingItsKey() {
        Path config = TestFiles.configFile(directory, String.join("\n",
                "mlcycle.stack.kafka.port = 70000",
                "mlcycle.train.algorithms = [logistic-regression, xgboost]",
                "mlcycle.monitor.psi-threshold = -1",
                "mlcycle.dataset.features.categorical = [channel, amount]",
                "mlcycle.generator.incidents.duplicate-share = 2",
                ""));

        int exitCode = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "--config", config.toString(), "validate-config");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).startsWith("Invalid configuration (5 problems):").contains(
                "Cannot use mlcycle.stack.kafka.port = 70000: expected an integer from 1 to 65535",
                "Cannot use mlcycle.train.algorithms[1].name = 'xgboost': expected one of [logistic-regression, decision-tree,",
                "Cannot use mlcycle.monitor.psi-threshold = -1.0: expected a number from 0.0 to 100.0",
                "Cannot use mlcycle.dataset.features = 'amount': expected each feature listed once",
                "Cannot use mlcycle.generator.incidents.duplicate-share = 2.0: expected a number from 0.0 to 1.0");
        assertThat(err.toString()).doesNotContain("\tat ");
        assertThat(out.toString()).isEmpty();
    }
}
