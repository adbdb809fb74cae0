package io.mlcycle.cli.stack;

import io.mlcycle.cli.CliError;
import io.mlcycle.cli.CliException;
import io.mlcycle.cli.process.Executables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;

/**
 * The OS account the local PostgreSQL runs as. PostgreSQL refuses to run as root, so when mlcycle runs as root the
 * server and its tools run as the {@code postgres} system user that Debian's package creates (through {@code setpriv},
 * which replaces itself with the program, so the recorded pid is the server's); otherwise as the current user.
 */
record PostgresAccount(boolean root) {
    /** The system user Debian's postgresql package creates. */
    static final String SYSTEM_USER = "postgres";

    static PostgresAccount current() {
        return new PostgresAccount("root".equals(System.getProperty("user.name")));
    }

    /** {@code command}, run as this account. */
    List<String> command(List<String> command) {
        if (!root) {
            return List.copyOf(command);
        }
        String setpriv = Executables.find("setpriv").map(Path::toString).orElseThrow(() -> new CliException(CliError.MISSING_TOOL,
                "Cannot run PostgreSQL as the '" + SYSTEM_USER + "' user: setpriv (util-linux) is not on the PATH, and PostgreSQL"
                        + " refuses to run as root. Install util-linux (apt-get install util-linux) or run mlcycle as a regular user."));
        List<String> wrapped = new ArrayList<>(List.of(setpriv, "--reuid=" + SYSTEM_USER, "--regid=" + SYSTEM_USER, "--init-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Creates {@code directory} (and its parents) and, as root, gives it to the system user so the server can write there. */
    void createOwnedDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
            if (root) {
                UserPrincipalLookupService users = directory.getFileSystem().getUserPrincipalLookupService();
                PosixFileAttributeView view = Files.getFileAttributeView(directory, PosixFileAttributeView.class);
                view.setOwner(users.lookupPrincipalByName(SYSTEM_USER));
                view.setGroup(users.lookupPrincipalByGroupName(SYSTEM_USER));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + directory + " for PostgreSQL" + (root ? " (owned by the '" + SYSTEM_USER
                    + "' user; Debian's postgresql package creates that user)" : ""), e);
        }
    }
}
