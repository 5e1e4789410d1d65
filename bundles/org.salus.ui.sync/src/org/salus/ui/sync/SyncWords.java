package org.salus.ui.sync;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.salus.sync.mqtt.SyncState;

/** How the sync state reads on the screens. */
public final class SyncWords {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private SyncWords() {
    }

    /** The status bar's line: online or offline, and what waits to be sent. */
    public static String statusLine(SyncState s) {
        if (s == null) {
            return "Offline (not enrolled at a hub)";
        }
        return (s.connected() ? "Online" : "Offline") + "  |  " + s.backlog() + " unsynced" + (s.rejected().isEmpty() ? "" : "  |  "
                + s.rejected().size() + " refused");
    }

    public static String connection(SyncState s) {
        if (s == null) {
            return "Offline: this workstation is not enrolled at a hub, so its work stays here (File, Enrol this workstation).";
        }
        return s.connected() ? "Connected to the hub" : "Offline: the hub cannot be reached now; work goes on here and is sent once it can";
    }

    public static String lastSync(SyncState s, Instant now) {
        if (s == null || s.lastSuccessfulSync() == null) {
            return "never";
        }
        Duration ago = Duration.between(s.lastSuccessfulSync(), now);
        return TIME.format(s.lastSuccessfulSync()) + " (" + ago(ago) + ")";
    }

    static String ago(Duration d) {
        long sec = Math.max(0, d.getSeconds());
        if (sec < 60) {
            return sec + " s ago";
        }
        if (sec < 3600) {
            return sec / 60 + " min ago";
        }
        if (sec < 172_800) {
            return sec / 3600 + " h ago";
        }
        return sec / 86_400 + " days ago";
    }

    public static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }
}
