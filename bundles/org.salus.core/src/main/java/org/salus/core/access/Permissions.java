package org.salus.core.access;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The permission strings the platform checks. Each core command names one of them ({@link
 * org.salus.core.command.Command#permission()}); the reads of patient data need {@link #PATIENT_READ}, those of the
 * audit trail {@link #AUDIT_READ}; the rest guard administration done outside the commands. Roles are sets of these
 * strings; plugins may define more of the same form.
 */
public final class Permissions {

    /** Add a medicine to the clinic's master data. */
    public static final String MEDICINE_REGISTER = "medicine.register";
    /** Receive a delivery into stock. */
    public static final String STOCK_RECEIVE = "stock.receive";
    /** Hand out a medicine without a medication order. */
    public static final String STOCK_DISPENSE = "stock.dispense";
    /** Hand out a medicine against a patient's medication order. */
    public static final String STOCK_DISPENSE_ORDER = "stock.dispense.order";
    /** Correct a batch's quantity after a count. */
    public static final String STOCK_ADJUST = "stock.adjust";
    /** Write off an expired batch. */
    public static final String STOCK_WRITE_OFF = "stock.write-off";
    /** Move stock to another location. */
    public static final String STOCK_TRANSFER = "stock.transfer";
    /**
     * See patients and their records: find a patient, read demographics, encounters, observations, medication orders,
     * notes and note revisions. Every read of patient data asks for it, whatever the caller.
     */
    public static final String PATIENT_READ = "patient.read";
    /** Register a patient. */
    public static final String PATIENT_REGISTER = "patient.register";
    /** Change a patient's demographics. */
    public static final String PATIENT_DEMOGRAPHICS = "patient.demographics";
    /** Open an encounter (a visit). */
    public static final String CLINICAL_ENCOUNTER = "clinical.encounter";
    /** Record an observation. */
    public static final String CLINICAL_OBSERVATION = "clinical.observation";
    /** Prescribe or stop a medication order. */
    public static final String CLINICAL_ORDER = "clinical.order";
    /** Write or revise a clinical note. */
    public static final String CLINICAL_NOTE = "clinical.note";
    /** Read the audit trail. */
    public static final String AUDIT_READ = "audit.read";
    /** Run reports. */
    public static final String REPORT_READ = "report.read";
    /** Create users, reset their passwords, unlock, disable and give them roles. */
    public static final String USER_MANAGE = "user.manage";
    /** Change what a role may do. */
    public static final String ROLE_MANAGE = "role.manage";
    /** Enrol, approve and retire devices. */
    public static final String DEVICE_MANAGE = "device.manage";
    /** Install, update and remove plugins. */
    public static final String PLUGIN_MANAGE = "plugin.manage";
    /** Void a recorded entry (a reversing entry, never an erasure). */
    public static final String DATA_VOID = "data.void";
    /** Delete an entity (a tombstone operation). */
    public static final String DATA_DELETE = "data.delete";
    /** Change how and where this clinic syncs. */
    public static final String SYNC_SETTINGS = "sync.settings";

    /** Every permission above. */
    public static final Set<String> ALL = Set.of(MEDICINE_REGISTER, STOCK_RECEIVE, STOCK_DISPENSE, STOCK_DISPENSE_ORDER, STOCK_ADJUST,
            STOCK_WRITE_OFF, STOCK_TRANSFER, PATIENT_READ, PATIENT_REGISTER, PATIENT_DEMOGRAPHICS, CLINICAL_ENCOUNTER, CLINICAL_OBSERVATION,
            CLINICAL_ORDER, CLINICAL_NOTE, AUDIT_READ, REPORT_READ, USER_MANAGE, ROLE_MANAGE, DEVICE_MANAGE, PLUGIN_MANAGE, DATA_VOID,
            DATA_DELETE, SYNC_SETTINGS);

    private static final Pattern FORM = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");

    private Permissions() {
    }

    /** Whether a text has the form of a permission: dot-separated lower-case words ({@code stock.dispense.order}). */
    public static boolean isWellFormed(String permission) {
        return permission != null && permission.length() <= 100 && FORM.matcher(permission).matches();
    }
}
