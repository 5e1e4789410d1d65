package org.salus.plugins;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.salus.core.command.Actor;

/**
 * Installs, updates and removes plugins while Salus runs.
 * <p>
 * A plugin is an OSGi bundle jar signed with {@code jarsigner}; every entry must verify and the signer's certificate
 * must chain to one of the trust anchors configured for this machine. Before anything is installed its requirements
 * are resolved against the installed bundles and the repository's other plugins (which are installed with it); a
 * plugin that fails to resolve or to start is rolled back, and the rest of Salus keeps running. Plugins come back
 * after a restart.
 * <p>
 * Every method checks that the actor may {@value org.salus.core.access.Permissions#PLUGIN_MANAGE} (administrators),
 * and every install, update and removal, refused or done, is recorded as an audit operation (the user, the device, the
 * plugin, its versions and the outcome).
 * <p>
 * Errors: {@link PluginSignatureException}, {@link PluginResolutionException}, {@link PluginStartException},
 * {@link PluginRefusedException}; {@link org.salus.core.access.PermissionDeniedException} and
 * {@link org.salus.core.access.SessionRefusedException} for an actor who may not.
 */
@ProviderType
public interface PluginManager {

    /** Every installed bundle, by id, with where it came from. */
    List<InstalledBundle> list(Actor actor);

    /** The plugins the repository at {@code repository} offers (its index), newest version of each first. */
    List<AvailablePlugin> available(Actor actor, URI repository);

    /** The hub repository this workstation is configured with, if any. */
    Optional<URI> hubRepository();

    /** Installs the newest version of a plugin the repository offers, with the plugins it needs from there, and starts it. */
    InstalledBundle install(Actor actor, URI repository, String symbolicName);

    /** Installs a plugin jar from this machine and starts it; what it needs must be installed already. */
    InstalledBundle install(Actor actor, Path jar);

    /** Updates an installed plugin to the newest version the repository offers. */
    InstalledBundle update(Actor actor, URI repository, String symbolicName);

    /** Updates the installed plugin with the jar's symbolic name to the jar. */
    InstalledBundle update(Actor actor, Path jar);

    /** Stops and removes a plugin the plugin manager installed. */
    void uninstall(Actor actor, String symbolicName);
}
