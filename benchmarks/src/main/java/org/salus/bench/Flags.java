package org.salus.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code --name value} flags of a benchmark, each with a default; an unknown name is refused. */
public final class Flags {

    private final Map<String, String> values = new HashMap<>();

    private Flags(String[] args, List<String> known) {
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !known.contains(name) || i + 1 == args.length) {
                throw new IllegalArgumentException("unexpected '" + args[i] + "': the flags are " + known.stream().map(k -> "--" + k + " N").toList());
            }
            values.put(name, args[++i]);
        }
    }

    /** @param known the flag names this benchmark takes, without "--" */
    public static Flags of(String[] args, String... known) {
        return new Flags(args, List.of(known));
    }

    public long number(String name, long defaultValue) {
        String v = values.get(name);
        return v == null ? defaultValue : Long.parseLong(v.replace("_", ""));
    }

    public String text(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    public int integer(String name, int defaultValue) {
        return Math.toIntExact(number(name, defaultValue));
    }
}
