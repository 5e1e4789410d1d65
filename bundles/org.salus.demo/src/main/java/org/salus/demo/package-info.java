/**
 * Seeded demo data for a realistic clinic (WHO essential medicines, batches, patients, dispensing history) as plain records.
 * Also the GS1 check-digit rules for GTINs, in {@link org.salus.demo.Gtin}.
 */
@Export
@Version("1.0.0")
package org.salus.demo;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
