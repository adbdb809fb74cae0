package io.mlcycle.cli.stack;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Python version as {@code python --version} prints it ("Python 3.11.7", "Python 3.13.0rc2"). */
public record PythonVersion(int major, int minor, int micro) implements Comparable<PythonVersion> {
    /** The oldest Python that MLflow 3 supports. */
    public static final PythonVersion MINIMUM = new PythonVersion(3, 10, 0);

    private static final Pattern VERSION = Pattern.compile("^Python (\\d+)\\.(\\d+)(?:\\.(\\d+))?\\S*$");

    /** The version in the output of {@code python --version}; empty when the output is not a Python version. */
    public static Optional<PythonVersion> parse(String versionOutput) {
        Matcher matcher = VERSION.matcher(versionOutput.strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int micro = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
        return Optional.of(new PythonVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), micro));
    }

    public boolean isSupported() {
        return compareTo(MINIMUM) >= 0;
    }

    @Override
    public int compareTo(PythonVersion other) {
        if (major != other.major) {
            return Integer.compare(major, other.major);
        }
        if (minor != other.minor) {
            return Integer.compare(minor, other.minor);
        }
        return Integer.compare(micro, other.micro);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + micro;
    }
}
