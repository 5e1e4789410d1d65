package org.salus.ui.patients;

import java.util.List;

import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Shell;
import org.salus.core.command.ClinicCommands;
import org.salus.model.clinical.Encounter;
import org.salus.model.clinical.Patient;
import org.salus.security.Session;

/** A dialog that records something about one patient, optionally within one of their encounters. */
abstract class ClinicalDialog extends PatientDialog {

    protected final Patient patient;
    private final List<Encounter> encounters;
    private Combo encounter;

    ClinicalDialog(Shell parent, ClinicCommands commands, Session session, String title, String confirm, Patient patient,
            List<Encounter> encounters) {
        super(parent, commands, session, title, confirm);
        this.patient = patient;
        this.encounters = encounters == null ? List.of() : encounters;
    }

    /** The patient line every clinical dialog starts with. */
    protected void patientLine(Composite area) {
        fact(area, "Patient:", "patient", Formats.name(patient) + "  (record number " + patient.getIdentifier() + ")");
    }

    /** The encounter choice: none, or one of the patient's encounters; the newest is chosen at first. */
    protected void encounterChoice(Composite area) {
        String[] items = new String[encounters.size() + 1];
        items[0] = "(not within an encounter)";
        for (int i = 0; i < encounters.size(); i++) {
            items[i + 1] = label(encounters.get(i));
        }
        encounter = combo(area, "Encounter:", "encounter", false, items);
        encounter.select(encounters.isEmpty() ? 0 : 1);
    }

    /** The chosen encounter's id, or null. */
    protected String chosenEncounter() {
        int i = encounter == null ? 0 : encounter.getSelectionIndex();
        return i <= 0 ? null : encounters.get(i - 1).getId();
    }

    static String label(Encounter e) {
        String reason = e.getReason();
        return Formats.time(e.getStart()) + "  " + e.getKind() + (reason == null || reason.isBlank() ? "" : ": " + reason);
    }
}
