package org.salus.bench;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.h2.mvstore.MVStore;

/**
 * Which B-trees of an H2 file a piece of work changed: H2's layout map holds the root page position of every map
 * (each table's rows, each index, each transaction's undo log), so the maps whose root moved are the ones the work
 * wrote. Each of them costs the commit a rewritten leaf and its path to the root. Reaches H2's engine by reflection
 * (benchmark code, never the product's way of doing things).
 */
final class BTreeProbe {

    private final MVStore store;
    private final Object database;

    BTreeProbe(Connection c) throws ReflectiveOperationException, java.sql.SQLException {
        Object session = call(c.unwrap(org.h2.jdbc.JdbcConnection.class), "getSession");
        this.database = call(session, "getDatabase");
        this.store = (MVStore) call(call(database, "getStore"), "getMvStore");
    }

    /** The root position of every map, by layout key ({@code root.<map id>}). */
    Map<String, String> roots() {
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, String> e : store.getLayoutMap().entrySet()) {
            if (e.getKey().startsWith("root.")) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** The chunks H2 wrote between two snapshots of {@link #chunks()}: their layout entries (pages, length in blocks, bytes). */
    static List<String> added(Map<String, String> before, Map<String, String> after) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(after).entrySet()) {
            if (!before.containsKey(e.getKey())) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    /** Every chunk's layout entry, by layout key ({@code chunk.<id>}). */
    Map<String, String> chunks() {
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, String> e : store.getLayoutMap().entrySet()) {
            if (e.getKey().startsWith("chunk.")) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** The maps whose root moved between two snapshots of {@link #roots()}, named by the SQL object they store. */
    List<String> changed(Map<String, String> before, Map<String, String> after) throws ReflectiveOperationException {
        Map<Integer, String> names = objectNames();
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(after).entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) {
                int id = Integer.parseInt(e.getKey().substring("root.".length()), 16);
                String map = store.getMapName(id);
                out.add(describe(map, names));
            }
        }
        return out;
    }

    private static String describe(String map, Map<Integer, String> names) {
        if (map == null) {
            return "(unnamed map)";
        }
        int dot = map.indexOf('.');
        if (dot > 0 && (map.startsWith("table.") || map.startsWith("index."))) {
            try {
                String name = names.get(Integer.parseInt(map.substring(dot + 1)));
                if (name != null) {
                    return (map.startsWith("table.") ? "rows of " : "index ") + name.toLowerCase();
                }
            } catch (NumberFormatException e) {
                // not an object id: named as H2 names it
            }
        }
        return map;
    }

    // H2 names a table's rows map table.<id> and an index's map index.<id>, by the schema object's id
    private Map<Integer, String> objectNames() throws ReflectiveOperationException {
        Map<Integer, String> out = new HashMap<>();
        for (Object table : (Collection<?>) call(database, "getAllTablesAndViews")) {
            out.put((Integer) call(table, "getId"), (String) call(table, "getName"));
            Object indexes = call(table, "getIndexes");
            if (indexes instanceof Collection<?> list) {
                for (Object index : list) {
                    try {
                        out.put((Integer) call(index, "getId"), (String) call(index, "getName"));
                    } catch (ReflectiveOperationException e) {
                        // an index class H2 keeps private: left unnamed
                    }
                }
            }
        }
        return out;
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        Method m = target.getClass().getMethod(method);
        return m.invoke(target);
    }
}
