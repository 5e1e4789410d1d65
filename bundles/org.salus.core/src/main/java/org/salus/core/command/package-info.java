/**
 * What a person can do to clinic data: one record per command, the {@link org.salus.core.command.ClinicCommands}
 * service that validates and records them, and the typed errors it gives when it refuses. Since 1.1:
 * {@link org.salus.core.command.ResolveConflict}, the resolution of a register's conflict record.
 */
@Export
@Version("1.1.0")
package org.salus.core.command;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
