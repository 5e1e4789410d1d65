/**
 * What the workstation shows: medicines and their stock, batches by expiry, patients and their records, read from the
 * projections as model objects. Every read names its caller and is checked: patient data needs {@code patient.read}, stock
 * a usable session.
 */
@Export
@Version("2.1.0")
package org.salus.core.query;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
