package org.salus.hub.broker.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.Locale;

import org.salus.hub.broker.internal.BrokerStartException.Problem;

/**
 * Binds the broker's address and port for a moment before Artemis starts: Artemis only logs an acceptor that fails
 * to bind and keeps running without it, so the hub would look healthy while no device can connect.
 */
final class ListenCheck {

    private ListenCheck() {
    }

    /**
     * @param whereToChange where the operator sets host and port, e.g. {@code load/org.salus.hub.broker.cfg}
     * @throws BrokerStartException naming the address, the port and what to change
     */
    static void requireFree(String host, int port, String whereToChange) throws BrokerStartException {
        String prefix = "Salus hub broker cannot listen on " + host + ":" + port + ": ";
        if (port < 1 || port > 65535) {
            throw new BrokerStartException(Problem.INVALID_SETTING, prefix + "a port is a number from 1 to 65535. Set port=<free port> in " + whereToChange + ".");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new BrokerStartException(Problem.ADDRESS_NOT_HERE, prefix + "the host name is unknown. Set host=0.0.0.0 (every network interface) "
                    + "or an address of this machine in " + whereToChange + ".");
        }
        try (ServerSocket probe = new ServerSocket()) {
            // as Netty does: a port left only with connections in TIME_WAIT is free for the broker
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(address, port));
        } catch (BindException e) {
            throw explain(prefix, whereToChange, e);
        } catch (IOException e) {
            throw new BrokerStartException(Problem.OTHER, prefix + e.getMessage() + ". Check host and port in " + whereToChange + ".");
        }
    }

    static BrokerStartException explain(String prefix, String whereToChange, IOException e) {
        String reason = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (reason.contains("in use")) {
            return new BrokerStartException(Problem.PORT_IN_USE, prefix + "the port is in use by another program. Set port=<free port> in "
                    + whereToChange + " (or stop the other broker).");
        }
        if (reason.contains("assign")) {
            return new BrokerStartException(Problem.ADDRESS_NOT_HERE, prefix + "no network interface of this machine has that address. "
                    + "Set host=0.0.0.0 (every network interface) or an address of this machine in " + whereToChange + ".");
        }
        if (reason.contains("permission") || reason.contains("denied")) {
            return new BrokerStartException(Problem.PORT_NOT_PERMITTED, prefix + "the system does not let the hub listen on this port "
                    + "(ports below 1024 need administrator rights). Set port=<port above 1023> in " + whereToChange + ".");
        }
        return new BrokerStartException(Problem.OTHER, prefix + e.getMessage() + ". Check host and port in " + whereToChange + ".");
    }
}
