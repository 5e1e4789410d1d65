/**
 * Reads what a barcode scanner types for a medicine pack: GS1 element strings from GS1 DataMatrix and GS1-128
 * ({@link org.salus.barcode.Gs1Parser}), giving the GTIN, expiry date, lot and serial ({@link org.salus.barcode.Gs1Data}).
 */
@Export
@Version("1.0.0")
package org.salus.barcode;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
