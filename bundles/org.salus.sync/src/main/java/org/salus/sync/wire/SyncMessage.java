package org.salus.sync.wire;

/** One message of the wire format; {@link #type()} is its {@code "type"} on the wire. */
public sealed interface SyncMessage permits PushBatch, Ack, PullRequest, Page, Feed {

    /** The version of the wire format these types describe. */
    int VERSION = 1;

    /** The {@code "type"} on the wire. */
    String type();
}
