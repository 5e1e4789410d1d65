/**
 * The plugin repository the hub serves and the workstations read: an OSGi Repository index (R5 XML) of signed bundle
 * jars with their capabilities and requirements, and the signature check both sides make.
 */
@Export
@Version("1.0.0")
package org.salus.plugins.repository;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
