package io.mlcycle.cli;

/** Categories of the failures the CLI reports to a user, so that callers and scripts can tell them apart. */
public enum CliError {
    /** A tool the CLI needs (JDK, Python 3.10+, Maven) is missing or too old. */
    MISSING_TOOL,
    /** Something mlcycle builds is missing: the Kafka broker jars, a job jar, the venv's spark-submit. */
    MISSING_BUILD_OUTPUT,
    /** A port of the local stack is taken by a process mlcycle did not start. */
    PORT_IN_USE,
    /** Installing a system package the local stack needs (PostgreSQL, through apt-get) failed. */
    PACKAGE_INSTALL_FAILED,
    /** Creating the Python venv or installing packages into it failed. */
    PYTHON_SETUP_FAILED,
    /** A service was started but exited, or did not answer within its start-up timeout. */
    SERVICE_NOT_READY,
    /** A service answered with an error to a request mlcycle made (e.g. creating topics). */
    SERVICE_REQUEST_FAILED,
    /** A process mlcycle started could not be started or stopped. */
    PROCESS_FAILED,
    /** A job or query mlcycle ran failed, or did not produce what the next step needs. */
    JOB_FAILED,
    /** What the command was asked for does not exist or cannot be read: not a Delta table, a version out of range. */
    INVALID_REQUEST
}
