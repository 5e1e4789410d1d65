package org.salus.ui.app.preferences;

import java.util.Arrays;
import java.util.List;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.osgi.service.prefs.BackingStoreException;

/**
 * The workstation's preferences, kept by Eclipse in the instance location ({@link InstanceScope}, node
 * {@value #NODE}): the expiry windows of the stock screens, and what an administrator last set as hub targets and idle
 * lock (those two also go to the services that enforce them, which check the administrator's permissions).
 */
public final class WorkstationPreferences {

    public static final String NODE = "org.salus.workstation";
    public static final String EXPIRY_SOON_DAYS = "expiry.soonDays";
    public static final String EXPIRY_WATCH_DAYS = "expiry.watchDays";
    /** Hub targets, one per line, first tried first. */
    public static final String HUB_URLS = "sync.hubUrls";
    public static final String IDLE_LOCK_MINUTES = "session.idleLockMinutes";

    private WorkstationPreferences() {
    }

    public static IEclipsePreferences node() {
        return InstanceScope.INSTANCE.getNode(NODE);
    }

    /** The expiry windows now; the defaults when none are set or the stored ones do not fit together. */
    public static ExpiryWindows expiryWindows() {
        IEclipsePreferences p = node();
        try {
            return new ExpiryWindows(p.getInt(EXPIRY_SOON_DAYS, ExpiryWindows.DEFAULT.soonDays()),
                    p.getInt(EXPIRY_WATCH_DAYS, ExpiryWindows.DEFAULT.watchDays()));
        } catch (IllegalArgumentException e) {
            return ExpiryWindows.DEFAULT;
        }
    }

    /** Keeps the expiry windows; every open stock screen follows at once. */
    public static void setExpiryWindows(ExpiryWindows w) throws BackingStoreException {
        IEclipsePreferences p = node();
        p.putInt(EXPIRY_SOON_DAYS, w.soonDays());
        p.putInt(EXPIRY_WATCH_DAYS, w.watchDays());
        p.flush();
    }

    /** The hub targets last saved here, in order. */
    public static List<String> hubUrls() {
        String v = node().get(HUB_URLS, "");
        return Arrays.stream(v.split("\n")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public static void put(String key, String value) throws BackingStoreException {
        IEclipsePreferences p = node();
        p.put(key, value);
        p.flush();
    }
}
