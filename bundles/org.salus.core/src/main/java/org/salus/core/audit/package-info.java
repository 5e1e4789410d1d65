/**
 * The audit trail, which is the op log itself: searches by entity, user, device, time and operation type, and the
 * verification of the hash chains that shows whether any operation was altered, removed, moved or inserted. Every read
 * names its caller and needs {@code audit.read}.
 */
@Export
@Version("2.0.0")
package org.salus.core.audit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
