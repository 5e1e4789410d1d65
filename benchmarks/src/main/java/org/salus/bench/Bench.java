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

    private static final Map<String, Harness> HARNESSES = new TreeMap<>(Map.ofEntries(
            Map.entry("startup", StartupBench::main),
            Map.entry("chaos", ChaosBench::main),
            Map.entry("dispense", DispenseBench::main),
            Map.entry("expiry-query", ExpiryQueryBench::main),
            Map.entry("rebuild", RebuildBench::main),
            Map.entry("verify-chain", VerifyChainBench::main),
            Map.entry("hub-load", HubLoadBench::main),
            Map.entry("login", LoginBench::main),
            Map.entry("sync", SyncBench::main),
            Map.entry("plugin-swap", PluginSwapBench::main)));

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
