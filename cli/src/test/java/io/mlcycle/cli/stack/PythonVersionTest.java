package io.mlcycle.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PythonVersionTest {
    @Test
    void parsesReleaseVersions() {
        assertThat(PythonVersion.parse("Python 3.11.7\n")).contains(new PythonVersion(3, 11, 7));
        assertThat(PythonVersion.parse("Python 3.10.0")).contains(new PythonVersion(3, 10, 0));
    }

    @Test
    void parsesPreReleaseAndShortVersions() {
        assertThat(PythonVersion.parse("Python 3.13.0rc2")).contains(new PythonVersion(3, 13, 0));
        assertThat(PythonVersion.parse("Python 3.12")).contains(new PythonVersion(3, 12, 0));
        assertThat(PythonVersion.parse("Python 3.12.1+")).contains(new PythonVersion(3, 12, 1));
    }

    @Test
    void rejectsWhatIsNotAPythonVersion() {
        assertThat(PythonVersion.parse("")).isEmpty();
        assertThat(PythonVersion.parse("python3: command not found")).isEmpty();
        assertThat(PythonVersion.parse("Python three")).isEmpty();
    }

    @Test
    void supportsPython310AndNewer() {
        assertThat(new PythonVersion(3, 9, 18).isSupported()).isFalse();
        assertThat(new PythonVersion(2, 7, 18).isSupported()).isFalse();
        assertThat(new PythonVersion(3, 10, 0).isSupported()).isTrue();
        assertThat(new PythonVersion(3, 13, 1).isSupported()).isTrue();
        assertThat(new PythonVersion(4, 0, 0).isSupported()).isTrue();
    }

    @Test
    void comparesNumericallyNotAsText() {
        assertThat(new PythonVersion(3, 9, 0)).isLessThan(new PythonVersion(3, 10, 0));
        assertThat(new PythonVersion(3, 10, 10)).isGreaterThan(new PythonVersion(3, 10, 9));
        assertThat(new PythonVersion(3, 11, 7)).hasToString("3.11.7");
    }
}
