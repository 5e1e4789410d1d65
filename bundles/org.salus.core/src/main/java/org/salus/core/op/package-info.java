/**
 * The operation envelope and what makes the op log trustworthy: UUIDv7 ids, the hybrid logical clock,
 * canonical JSON payloads and the per-device SHA-256 hash chain with its verifier.
 */
@Export
@Version("1.0.0")
package org.salus.core.op;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
