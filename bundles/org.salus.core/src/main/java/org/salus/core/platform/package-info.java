/**
 * What a Salus runtime is and what time it is in the clinic: the platform info and the clinic clock.
 * Every other bundle reads time through {@link org.salus.core.platform.ClinicClock} so tests can fix it.
 */
@Export
@Version("1.0.0")
package org.salus.core.platform;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
