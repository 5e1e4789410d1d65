package org.salus.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import org.salus.bench.chaos.ChaosBench;

/** Entry point of {@code benchmarks/run NAME [args]}: one harness per benchmark name. */
public final class Bench {

    interface Harness {
        void run(String[] args) throws Exception;
    }

    private static final Map<String, Harness> HARNESSES = new TreeMap<>(Map.of(
            "startup", StartupBench::main,
            "chaos", ChaosBench::main,
            "dispense", DispenseBench::main,
            "expiry-query", ExpiryQueryBench::main,
            "rebuild", RebuildBench::main,
            "verify-chain", VerifyChainBench::main,
            "hub-load", HubLoadBench::main,
            "login", LoginBench::main,
            "sync", SyncBench::main,
            "plugin-swap", PluginSwapBench::main));

    static {
        // Map.of takes at most ten pairs
        HARNESSES.put("ui", UiBench::main);
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !HARNESSES.containsKey(args[0])) {
            System.err.println("usage: benchmarks/run NAME [args]; NAME is one of " + HARNESSES.keySet());
            System.exit(2);
        }
        HARNESSES.get(args[0]).run(Arrays.copyOfRange(args, 1, args.length));
    }
}
