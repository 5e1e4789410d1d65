package org.salus.store.h2.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/**
 * The quarantine of a store that could not be opened safely: the data files stay exactly where and as they are, and a
 * report beside them ({@code clinic.quarantine.txt}) says what was found and what to do. Damage (a corrupt, foreign or
 * tampered file) keeps the store closed on every start until a person deletes the report; other causes (a wrong key,
 * a locked file) are checked again at the next start.
 */
public final class Quarantine {

    private static final String HEADER = "Salus clinic store: not opened";

    private Quarantine() {
    }

    /** Writes (replaces) the report for a failed open. */
    public static void report(H2StoreSettings settings, StoreOpenException e) throws IOException {
        Path report = settings.quarantineReport();
        boolean sticky = e.reason().sticky();
        String text = HEADER + "\n"
                + "sticky: " + sticky + "\n"
                + "time: " + Instant.now() + "\n"
                + "file: " + settings.dataFile() + "\n"
                + "reason: " + e.reason() + "\n"
                + "message: " + e.getMessage().replace('\n', ' ') + "\n"
                + "what to do: " + (sticky
                        ? "The data files were left untouched. Restore the store from a backup, or move " + settings.dataFile()
                                + " away so the device can pull its data again from the hub; then delete this report to open the store."
                        : "Fix the cause named above; the store is checked again at the next start.") + "\n";
        Path tmp = report.resolveSibling(report.getFileName() + ".tmp");
        Files.createDirectories(report.getParent());
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, report, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes a report that no longer applies (the store opened); a sticky one is never removed here. */
    public static void clearIfNotSticky(H2StoreSettings settings) throws IOException {
        Path report = settings.quarantineReport();
        if (Files.exists(report) && stickyReason(report) == null) {
            Files.delete(report);
        }
    }

    /**
     * The reason and time of a sticky quarantine recorded in a report, or null when the report does not keep the store closed.
     */
    public static String stickyReason(Path report) {
        try {
            List<String> lines = Files.readAllLines(report, StandardCharsets.UTF_8);
            if (!lines.contains("sticky: true")) {
                return null;
            }
            String reason = value(lines, "reason: ");
            String time = value(lines, "time: ");
            return reason + " found at " + time;
        } catch (IOException e) {
            // an unreadable report is treated as sticky: damage must not be skipped because a text file is odd
            return "report unreadable: " + e.getMessage();
        }
    }

    private static String value(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst().orElse("?");
    }
}
