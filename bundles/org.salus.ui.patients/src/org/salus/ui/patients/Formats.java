package org.salus.ui.patients;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.salus.model.clinical.MedicationOrder;
import org.salus.model.clinical.OrderStatus;
import org.salus.model.clinical.Patient;
import org.salus.model.clinical.Sex;

/** How the patient screens write names, dates, times and states. */
public final class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Formats() {
    }

    /** "Family, Given". */
    public static String name(Patient p) {
        return p.getFamilyName() + ", " + p.getGivenName();
    }

    /** A point in time in the workstation's time zone, to the minute; empty for none. */
    public static String time(Instant t) {
        return t == null ? "" : TIME.format(t.atZone(ZoneId.systemDefault()));
    }

    /** A date as ISO-8601; empty for none. */
    public static String date(LocalDate d) {
        return d == null ? "" : d.toString();
    }

    /** The sex as a person says it. */
    public static String sex(Sex s) {
        return s == null ? "unknown" : s.getName().toLowerCase(Locale.ROOT);
    }

    /** The date of birth with the age on a day ("1980-04-02 (45 years)"); "unknown" when not recorded. */
    public static String born(LocalDate birth, LocalDate today) {
        if (birth == null) {
            return "unknown";
        }
        Period age = Period.between(birth, today);
        String years = age.getYears() >= 2 ? age.getYears() + " years"
                : age.toTotalMonths() >= 1 ? age.toTotalMonths() + " months" : Math.max(0, age.getDays()) + " days";
        return birth + " (" + years + ")";
    }

    /** An order's state: "active", or "stopped 2026-03-01 12:00: reason". */
    public static String state(MedicationOrder o) {
        if (o.getStatus() == OrderStatus.ACTIVE) {
            return "active";
        }
        String reason = o.getDiscontinueReason();
        return "stopped " + time(o.getDiscontinuedAt()) + (reason == null || reason.isBlank() ? "" : ": " + reason);
    }

    /** A blank or null text as empty. */
    public static String text(String s) {
        return s == null ? "" : s;
    }
}
