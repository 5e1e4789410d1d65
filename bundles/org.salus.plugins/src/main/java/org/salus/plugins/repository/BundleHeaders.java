package org.salus.plugins.repository;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

import org.osgi.framework.Version;

/**
 * Reads a bundle's manifest into the capabilities and requirements of a {@link PluginResource}, the way an OSGi
 * Repository indexer does: identity, exported packages, the bundle itself and {@code Provide-Capability} as
 * capabilities; imported packages, required bundles and {@code Require-Capability} as requirements.
 */
public final class BundleHeaders {

    private BundleHeaders() {
    }

    /** One clause of a manifest header: its names, attributes (typed) and directives. */
    record Clause(List<String> names, Map<String, Object> attributes, Map<String, String> directives) {
    }

    /**
     * Describes a bundle.
     *
     * @throws IllegalArgumentException when the manifest has no {@code Bundle-SymbolicName} or a header cannot be read
     */
    public static PluginResource describe(Manifest manifest, String url, long size, String sha256) {
        Attributes main = manifest.getMainAttributes();
        String bsnHeader = main.getValue("Bundle-SymbolicName");
        if (bsnHeader == null || bsnHeader.isBlank()) {
            throw new IllegalArgumentException("the manifest has no Bundle-SymbolicName: it is not an OSGi bundle");
        }
        String bsn = parse(bsnHeader).get(0).names().get(0);
        Version version = Version.parseVersion(trimmed(main.getValue("Bundle-Version"), "0.0.0"));
        String name = trimmed(main.getValue("Bundle-Name"), bsn);
        List<Capability> caps = new ArrayList<>();
        List<Requirement> reqs = new ArrayList<>();

        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("osgi.identity", bsn);
        identity.put("version", version);
        identity.put("type", main.getValue("Fragment-Host") == null ? "osgi.bundle" : "osgi.fragment");
        caps.add(new Capability("osgi.identity", identity, Map.of()));
        if (main.getValue("Fragment-Host") == null) {
            caps.add(new Capability("osgi.wiring.bundle", Map.of("osgi.wiring.bundle", bsn, "bundle-version", version), Map.of()));
            caps.add(new Capability("osgi.wiring.host", Map.of("osgi.wiring.host", bsn, "bundle-version", version), Map.of()));
        }
        for (Clause c : parse(main.getValue("Export-Package"))) {
            for (String p : c.names()) {
                Map<String, Object> a = new LinkedHashMap<>(c.attributes());
                a.put("osgi.wiring.package", p);
                a.put("version", Version.parseVersion(String.valueOf(a.getOrDefault("version", a.getOrDefault("specification-version", "0.0.0")))));
                a.remove("specification-version");
                a.put("bundle-symbolic-name", bsn);
                a.put("bundle-version", version);
                caps.add(new Capability("osgi.wiring.package", a, Map.of()));
            }
        }
        for (Clause c : parse(main.getValue("Provide-Capability"))) {
            for (String ns : c.names()) {
                caps.add(new Capability(ns, c.attributes(), c.directives()));
            }
        }
        for (Clause c : parse(main.getValue("Import-Package"))) {
            for (String p : c.names()) {
                Object range = c.attributes().getOrDefault("version", c.attributes().get("specification-version"));
                reqs.add(requirement("osgi.wiring.package", and("(osgi.wiring.package=" + p + ")", range == null ? null : range(String.valueOf(range), "version")),
                        c.directives()));
            }
        }
        for (Clause c : parse(main.getValue("Require-Bundle"))) {
            for (String b : c.names()) {
                Object range = c.attributes().get("bundle-version");
                reqs.add(requirement("osgi.wiring.bundle", and("(osgi.wiring.bundle=" + b + ")", range == null ? null : range(String.valueOf(range), "bundle-version")),
                        c.directives()));
            }
        }
        for (Clause c : parse(main.getValue("Require-Capability"))) {
            for (String ns : c.names()) {
                reqs.add(new Requirement(ns, c.attributes(), c.directives()));
            }
        }
        return new PluginResource(bsn, version.toString(), name, url, size, sha256, caps, reqs);
    }

    private static Requirement requirement(String namespace, String filter, Map<String, String> clauseDirectives) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("filter", filter);
        if ("optional".equals(clauseDirectives.get("resolution"))) {
            d.put("resolution", "optional");
        }
        return new Requirement(namespace, Map.of(), d);
    }

    private static String and(String first, String second) {
        return second == null ? first : "(&" + first + second + ")";
    }

    /** An OSGi version range as a filter over {@code attribute}: {@code [1.0,2)} or {@code 1.0} (at least). */
    static String range(String text, String attribute) {
        String t = text.trim();
        if (t.isEmpty()) {
            return null;
        }
        char open = t.charAt(0);
        if (open != '[' && open != '(') {
            return "(" + attribute + ">=" + Version.parseVersion(t) + ")";
        }
        char close = t.charAt(t.length() - 1);
        String[] bounds = t.substring(1, t.length() - 1).split(",");
        if (bounds.length != 2) {
            throw new IllegalArgumentException("not a version range: " + text);
        }
        Version low = Version.parseVersion(bounds[0].trim());
        Version high = Version.parseVersion(bounds[1].trim());
        String lower = open == '[' ? "(" + attribute + ">=" + low + ")" : "(!(" + attribute + "<=" + low + "))";
        String upper = close == ')' ? "(!(" + attribute + ">=" + high + "))" : "(" + attribute + "<=" + high + ")";
        return lower + upper;
    }

    private static String trimmed(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** Parses an OSGi manifest header into clauses ({@code a.b;c.d;version="[1,2)";resolution:=optional, e.f}). */
    static List<Clause> parse(String header) {
        List<Clause> clauses = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return clauses;
        }
        for (String clause : split(header, ',')) {
            if (clause.isBlank()) {
                continue;
            }
            List<String> names = new ArrayList<>();
            Map<String, Object> attributes = new LinkedHashMap<>();
            Map<String, String> directives = new LinkedHashMap<>();
            for (String part : split(clause, ';')) {
                String p = part.trim();
                int directive = p.indexOf(":=");
                int eq = p.indexOf('=');
                if (directive > 0 && directive < eq) {
                    directives.put(p.substring(0, directive).trim(), unquote(p.substring(directive + 2)));
                } else if (eq > 0) {
                    String key = p.substring(0, eq).trim();
                    String value = unquote(p.substring(eq + 1));
                    int colon = key.indexOf(':');
                    if (colon > 0) {
                        attributes.put(key.substring(0, colon).trim(), typed(key.substring(colon + 1).trim(), value));
                    } else {
                        attributes.put(key, value);
                    }
                } else if (!p.isEmpty()) {
                    names.add(p);
                }
            }
            if (names.isEmpty()) {
                throw new IllegalArgumentException("a header clause without a name: " + clause.trim());
            }
            clauses.add(new Clause(names, attributes, directives));
        }
        return clauses;
    }

    private static Object typed(String type, String value) {
        return switch (type) {
            case "Version" -> Version.parseVersion(value);
            case "Long" -> Long.valueOf(value.trim());
            case "Double" -> Double.valueOf(value.trim());
            case "String" -> value;
            default -> {
                if (type.startsWith("List")) {
                    String element = type.contains("<") ? type.substring(type.indexOf('<') + 1, type.indexOf('>')).trim() : "String";
                    List<Object> list = new ArrayList<>();
                    for (String v : value.split(",")) {
                        list.add(typed(element, v.trim()));
                    }
                    yield List.copyOf(list);
                }
                yield value;
            }
        };
    }

    private static String unquote(String value) {
        String v = value.trim();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            }
            if (ch == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(ch);
            }
        }
        parts.add(current.toString());
        return parts;
    }
}
