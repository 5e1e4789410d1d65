package org.salus.plugins.repository;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;

/** Something a bundle needs, as in an OSGi Repository index: a namespace and a {@code filter} directive over capability attributes. */
public record Requirement(String namespace, Map<String, Object> attributes, Map<String, String> directives) {

    private static final Pattern NAMED = Pattern.compile("\\((osgi\\.wiring\\.package|osgi\\.wiring\\.bundle|osgi\\.ee|osgi\\.extender|osgi\\.identity)=([^)]*)\\)");
    private static final Pattern LOWER = Pattern.compile("\\((?:bundle-)?version>=([^)]*)\\)");
    private static final Pattern UPPER = Pattern.compile("\\(!\\((?:bundle-)?version>=([^)]*)\\)\\)");

    public Requirement {
        attributes = Map.copyOf(attributes);
        directives = Map.copyOf(directives);
    }

    /** The filter a capability must match, or null when any capability of the namespace will do. */
    public String filter() {
        return directives.get("filter");
    }

    /** Whether the bundle resolves without it ({@code resolution:=optional}). */
    public boolean optional() {
        return "optional".equals(directives.get("resolution"));
    }

    /** Whether it must be met for the bundle to resolve (not only when it is active, like a service). */
    public boolean neededToResolve() {
        String effective = directives.get("effective");
        return effective == null || "resolve".equals(effective);
    }

    /** Whether a capability meets it. */
    public boolean matches(Capability c) {
        if (!namespace.equals(c.namespace())) {
            return false;
        }
        String f = filter();
        if (f == null) {
            return true;
        }
        try {
            Filter filter = FrameworkUtil.createFilter(f);
            return filter.matches(c.attributes());
        } catch (InvalidSyntaxException e) {
            return false;
        }
    }

    /** In words, for an error: {@code package org.example.api (version 1.0.0 or later, below 2.0.0)}. */
    public String describe() {
        String f = filter() == null ? "" : filter();
        Matcher named = NAMED.matcher(f);
        if (!named.find()) {
            return namespace + " " + f;
        }
        String what = switch (named.group(1)) {
            case "osgi.wiring.package" -> "package ";
            case "osgi.wiring.bundle" -> "bundle ";
            case "osgi.ee" -> "execution environment ";
            case "osgi.extender" -> "extender ";
            default -> "bundle ";
        };
        StringBuilder s = new StringBuilder(what).append(named.group(2));
        Matcher upper = UPPER.matcher(f);
        String below = upper.find() ? upper.group(1) : null;
        Matcher lower = LOWER.matcher(f.replaceAll("\\(!\\((?:bundle-)?version>=[^)]*\\)\\)", ""));
        String from = lower.find() ? lower.group(1) : null;
        if (from != null || below != null) {
            s.append(" (version ");
            if (from != null) {
                s.append(from).append(" or later");
            }
            if (below != null) {
                s.append(from != null ? ", " : "").append("below ").append(below);
            }
            s.append(')');
        }
        return s.toString();
    }
}
