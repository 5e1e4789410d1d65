/**
 * Seeded demo data for a realistic clinic (WHO essential medicines, batches, patients, dispensing history) as plain records.
 * {@link org.salus.demo.DemoLoader} records such a clinic through the clinic commands; {@link org.salus.demo.Gtin} holds the
 * GS1 check-digit rules for GTINs.
 */
@Export
@Version("1.0.0")
package org.salus.demo;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
