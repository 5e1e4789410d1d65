/**
 * Who may do what to clinic data: the permission each command and each read needs, the access control the core asks
 * before it records or answers anything (a security bundle provides it), the ledger through which that bundle records
 * users, roles and authentication events as operations, and the typed refusals.
 */
@Export
@Version("1.1.0")
package org.salus.core.access;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
