/**
 * Conflict records of the registers (patient demographics, medicine master data): two devices that changed the same
 * field while apart. {@link org.salus.core.conflict.ClinicConflicts} lists them and resolves one; a resolution is an
 * operation, so it syncs and closes the record on every device.
 */
@Export
@Version("1.0.0")
package org.salus.core.conflict;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
