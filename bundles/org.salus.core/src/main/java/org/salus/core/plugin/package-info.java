/**
 * Entity types of plugins: a plugin describes its entity as an EMF class of a dynamic package and registers it as a
 * {@link org.salus.core.plugin.PluginEntityType} service; {@link org.salus.core.plugin.PluginRecords} validates, checks
 * and records its operations on the op log (audited and synced like every other operation) and reads them back.
 */
@Export
@Version("1.0.0")
package org.salus.core.plugin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
