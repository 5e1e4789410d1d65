package org.salus.security.internal;

import static org.salus.core.access.Permissions.AUDIT_READ;
import static org.salus.core.access.Permissions.CLINICAL_ENCOUNTER;
import static org.salus.core.access.Permissions.CLINICAL_NOTE;
import static org.salus.core.access.Permissions.CLINICAL_OBSERVATION;
import static org.salus.core.access.Permissions.CLINICAL_ORDER;
import static org.salus.core.access.Permissions.DATA_DELETE;
import static org.salus.core.access.Permissions.DATA_VOID;
import static org.salus.core.access.Permissions.DEVICE_MANAGE;
import static org.salus.core.access.Permissions.MEDICINE_REGISTER;
import static org.salus.core.access.Permissions.PATIENT_DEMOGRAPHICS;
import static org.salus.core.access.Permissions.PATIENT_READ;
import static org.salus.core.access.Permissions.PATIENT_REGISTER;
import static org.salus.core.access.Permissions.PLUGIN_MANAGE;
import static org.salus.core.access.Permissions.REPORT_READ;
import static org.salus.core.access.Permissions.ROLE_MANAGE;
import static org.salus.core.access.Permissions.STOCK_ADJUST;
import static org.salus.core.access.Permissions.STOCK_DISPENSE;
import static org.salus.core.access.Permissions.STOCK_DISPENSE_ORDER;
import static org.salus.core.access.Permissions.STOCK_RECEIVE;
import static org.salus.core.access.Permissions.STOCK_TRANSFER;
import static org.salus.core.access.Permissions.STOCK_WRITE_OFF;
import static org.salus.core.access.Permissions.SYNC_SETTINGS;
import static org.salus.core.access.Permissions.USER_MANAGE;

import java.util.List;
import java.util.Set;

/**
 * The policy table: the roles a new clinic starts with. They are seeded once as operations; an administrator may
 * change them afterwards (each change is an operation), and the seed never overwrites a role that exists. Besides
 * these permissions, every role that signs in may read medicines and stock (no permission is needed for that).
 */
public final class DefaultRoles {

    /** One default role. */
    public record DefaultRole(String id, String name, String description, Set<String> permissions) {
    }

    public static final String ADMIN = "admin";
    public static final String PHARMACIST = "pharmacist";
    public static final String CLINICIAN = "clinician";
    public static final String FRONT_DESK = "front-desk";
    public static final String AUDITOR = "auditor";

    /** The table, in the order roles are shown. */
    public static final List<DefaultRole> ALL = List.of(
            new DefaultRole(ADMIN, "Administrator", "Users and roles, devices, plugins, voids and deletes, sync settings.",
                    Set.of(USER_MANAGE, ROLE_MANAGE, DEVICE_MANAGE, PLUGIN_MANAGE, DATA_VOID, DATA_DELETE, SYNC_SETTINGS)),
            new DefaultRole(PHARMACIST, "Pharmacist", "Medicines and stock: register, receive, dispense, adjust, write off, transfer.",
                    Set.of(MEDICINE_REGISTER, STOCK_RECEIVE, STOCK_DISPENSE, STOCK_DISPENSE_ORDER, STOCK_ADJUST, STOCK_WRITE_OFF,
                            STOCK_TRANSFER)),
            new DefaultRole(CLINICIAN, "Clinician", "Patients, encounters, observations, orders and notes; dispensing against an order.",
                    Set.of(PATIENT_READ, PATIENT_REGISTER, PATIENT_DEMOGRAPHICS, CLINICAL_ENCOUNTER, CLINICAL_OBSERVATION, CLINICAL_ORDER, CLINICAL_NOTE,
                            STOCK_DISPENSE_ORDER)),
            new DefaultRole(FRONT_DESK, "Front desk", "Finds and registers patients and keeps their demographics up to date.",
                    Set.of(PATIENT_READ, PATIENT_REGISTER, PATIENT_DEMOGRAPHICS)),
            new DefaultRole(AUDITOR, "Auditor", "Reads the audit trail and reports; changes nothing.",
                    Set.of(AUDIT_READ, REPORT_READ)));

    private DefaultRoles() {
    }

    /** The permissions a default role grants. */
    public static Set<String> permissionsOf(String roleId) {
        return ALL.stream().filter(r -> r.id().equals(roleId)).findFirst().map(DefaultRole::permissions)
                .orElseThrow(() -> new IllegalArgumentException("no default role " + roleId));
    }
}
