/**
 * This workstation as a device of its clinic's hub: enrolment with a pairing code and an administrator's approval, the
 * device secret kept in a secret store instead of the configuration files, and the device's hub targets and idle lock.
 */
@Export
@Version("1.0.0")
package org.salus.device;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
