/**
 * Logging in and administering users and roles: sessions whose {@link org.salus.core.command.Actor} the core checks
 * for every command, the first-run setup account, the hub reachability the offline login rule depends on, and the check
 * and audit of administrative acts done outside the clinic data.
 */
@Export
@Version("1.1.0")
package org.salus.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
