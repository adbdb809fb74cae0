package io.mlcycle.cli.process;

import io.mlcycle.cli.CliError;
import io.mlcycle.cli.CliException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks of the local ports the stack's services listen on (all bound to 127.0.0.1). */
public final class Ports {
    private Ports() {}

    /** True when nothing listens on {@code port} of 127.0.0.1 (or of every interface), so a service can bind it. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Fails with a message that names the port and the config key that sets it, when a process mlcycle did not start
     * holds it. {@code alsoChange} names further keys that must follow a port change (may be empty).
     */
    public static void requireFree(String service, int port, String key, String alsoChange) {
        if (!isFree(port)) {
            throw new CliException(CliError.PORT_IN_USE, portInUseMessage(service, port, key, alsoChange));
        }
    }

    static String portInUseMessage(String service, int port, String key, String alsoChange) {
        return "Cannot start " + service + ": port " + port + " on 127.0.0.1 (" + key + ") is already in use by a process"
                + " that mlcycle did not start. Stop that process (find it with: lsof -i :" + port + "), or choose another port"
                + " with -D" + key + "=<port> or in your config file" + (alsoChange.isEmpty() ? "" : " (" + alsoChange + ")") + ".";
    }
}
