/**
 * Plugins at runtime: list the bundles of this Salus, install a signed plugin from the hub's repository or a local
 * file, update and remove it, with no restart. Only administrators ({@code plugin.manage}) may, and every act is an
 * audit operation.
 */
@Export
@Version("1.0.0")
package org.salus.plugins;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
