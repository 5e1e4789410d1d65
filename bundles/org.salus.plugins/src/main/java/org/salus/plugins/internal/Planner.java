package org.salus.plugins.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Version;
import org.salus.plugins.PluginResolutionException;
import org.salus.plugins.repository.Capability;
import org.salus.plugins.repository.PluginResource;
import org.salus.plugins.repository.Requirement;

/**
 * Decides, before anything is installed, what a plugin needs: each requirement that must hold for it to resolve is met
 * by an installed bundle, by the plugin itself, or by the newest plugin of the repository that provides it (which then
 * joins the plan, with its own requirements). Anything left over refuses the whole plan, naming what is missing.
 */
final class Planner {

    private final List<Capability> installed;
    private final List<PluginResource> repository;
    private final Set<String> installedNames;
    private final Map<String, PluginResource> chosen = new LinkedHashMap<>();
    private final List<String> missing = new ArrayList<>();

    /**
     * @param installed the capabilities of the installed bundles (without the one being updated)
     * @param repository the repository's plugins, or empty for a local file
     * @param installedNames symbolic names already installed: never picked from the repository again
     */
    Planner(List<Capability> installed, List<PluginResource> repository, Set<String> installedNames) {
        this.installed = installed;
        this.repository = repository;
        this.installedNames = installedNames;
    }

    /** The plugins to install, those needed first and {@code root} last. */
    List<PluginResource> plan(PluginResource root) {
        chosen.put(root.symbolicName(), root);
        visit(root);
        if (!missing.isEmpty()) {
            throw new PluginResolutionException(root.symbolicName(), missing, "The plugin " + root.symbolicName() + " " + root.version()
                    + " cannot be installed: it needs " + String.join("; ", missing) + ", which no installed bundle"
                    + (repository.isEmpty() ? "" : " and no plugin of the repository") + " provides. Nothing was changed.");
        }
        List<PluginResource> order = new ArrayList<>(chosen.values());
        order.remove(root);
        java.util.Collections.reverse(order);
        order.add(root);
        return order;
    }

    private void visit(PluginResource r) {
        for (Requirement q : r.requirements()) {
            if (q.optional() || !q.neededToResolve() || "osgi.wiring.host".equals(q.namespace())) {
                continue;
            }
            if (installed.stream().anyMatch(q::matches) || chosen.values().stream().anyMatch(c -> c.provides(q))) {
                continue;
            }
            PluginResource provider = repository.stream()
                    .filter(p -> !installedNames.contains(p.symbolicName()) && !chosen.containsKey(p.symbolicName()) && p.provides(q))
                    .max(Comparator.comparing(p -> Version.parseVersion(p.version()))).orElse(null);
            if (provider == null) {
                String what = q.describe() + (r == chosen.values().iterator().next() ? "" : " (for " + r.symbolicName() + ")");
                if (!missing.contains(what)) {
                    missing.add(what);
                }
                continue;
            }
            chosen.put(provider.symbolicName(), provider);
            visit(provider);
        }
    }
}
