package io.mlcycle.cli.spark;

import java.util.concurrent.CountDownLatch;

/**
 * A stand-in Spark application for {@link SparkSubmitIT}: prints what spark-submit handed it (arguments, system
 * properties, environment), then exits with the code given as {@code exit=<n>}, or waits to be stopped when given
 * {@code wait}. It needs no SparkSession: spark-submit sets the Spark configuration as system properties of the driver.
 */
public final class EchoMain {
    private static final String[] PROPERTIES = {
        "spark.master", "spark.driver.memory", "spark.app.name", "spark.sql.extensions", "spark.sql.catalog.spark_catalog",
        "spark.sql.shuffle.partitions", "spark.databricks.delta.snapshotPartitions", "spark.ui.enabled", "spark.local.dir",
        "java.io.tmpdir", "log4j2.configurationFile", "mlcycle.echo.words", "java.home"
    };

    private EchoMain() {}

    public static void main(String[] args) throws InterruptedException {
        System.out.println("args=" + String.join("|", args));
        for (String property : PROPERTIES) {
            System.out.println(property + "=" + System.getProperty(property));
        }
        System.out.println("env.SPARK_LOCAL_IP=" + System.getenv("SPARK_LOCAL_IP"));
        System.out.println("env.CONFIG_FORCE_mlcycle_mlflow_password=" + System.getenv("CONFIG_FORCE_mlcycle_mlflow_password"));
        int exitCode = 0;
        for (String arg : args) {
            if (arg.equals("wait")) {
                System.out.println("waiting to be stopped");
                System.out.flush();
                new CountDownLatch(1).await();
            }
            if (arg.startsWith("exit=")) {
                exitCode = Integer.parseInt(arg.substring("exit=".length()));
            }
        }
        System.exit(exitCode);
    }
}
