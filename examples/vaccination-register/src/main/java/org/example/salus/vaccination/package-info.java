/**
 * The vaccination register: who was given which vaccine dose, when and by whom. Other bundles (a report, a reminder
 * service) use it through {@link org.example.salus.vaccination.VaccinationRegister}.
 */
@Export
@Version("1.0.0")
package org.example.salus.vaccination;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
