package org.salus.hub.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Handles SIGTERM and SIGINT through {@code sun.misc.Signal} where the JVM offers it. The default handling
 * exits with 143 after running hooks; a hub run by systemd or a script should report a clean stop as 0.
 */
final class SignalTrap {

    private final List<Runnable> restore;

    private SignalTrap(List<Runnable> restore) {
        this.restore = restore;
    }

    static SignalTrap install(Consumer<String> onSignal) {
        List<Runnable> restore = new ArrayList<>();
        try {
            for (String name : new String[] { "TERM", "INT" }) {
                sun.misc.Signal signal = new sun.misc.Signal(name);
                sun.misc.SignalHandler previous = sun.misc.Signal.handle(signal, s -> onSignal.accept(s.getName()));
                restore.add(() -> sun.misc.Signal.handle(signal, previous));
            }
        } catch (LinkageError | IllegalArgumentException unavailable) {
            // no sun.misc here: the shutdown hook still stops the framework, the exit status is the JVM's own
        }
        return new SignalTrap(restore);
    }

    void uninstall() {
        restore.forEach(Runnable::run);
    }
}
