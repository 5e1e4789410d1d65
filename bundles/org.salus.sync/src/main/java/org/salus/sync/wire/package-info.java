/**
 * The sync wire format, version 1: the MQTT topics and JSON messages (push, ack, pull, page, feed) that devices and
 * the hub exchange, and {@link org.salus.sync.wire.SyncCodec}, which writes them and reads them strictly.
 */
@Export
@Version("1.1.0")
package org.salus.sync.wire;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
