/**
 * The workstation's sync with its hub, as the rest of the workstation sees it: whether it is connected, how far it got,
 * what is waiting, which operations the hub refused, and a way to sync at once.
 */
@Export
@Version("1.1.0")
package org.salus.sync.mqtt;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
