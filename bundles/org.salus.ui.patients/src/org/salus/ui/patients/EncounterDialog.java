package org.salus.ui.patients;

import java.util.function.Supplier;

import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.salus.core.command.ClinicCommands;
import org.salus.core.command.OpenEncounter;
import org.salus.model.clinical.Patient;
import org.salus.security.Session;

/** Opens a visit of the patient, starting now. */
public class EncounterDialog extends ClinicalDialog {

    static final String[] KINDS = {"outpatient", "emergency", "home visit", "telephone", "follow-up"};

    private Combo kind;
    private Text reason;

    public EncounterDialog(Shell parent, ClinicCommands commands, Session session, Patient patient) {
        super(parent, commands, session, "Open encounter", "Open", patient, null);
    }

    @Override
    protected String instructions() {
        return "The encounter starts now. Choose the kind of visit or type another.";
    }

    @Override
    protected String testIdPrefix() {
        return "encounter";
    }

    @Override
    protected void createFields(Composite area) {
        patientLine(area);
        kind = combo(area, "Kind of visit:", "kind", true, KINDS);
        kind.select(0);
        reason = area(area, "Reason:", "reason", null, 3);
    }

    @Override
    protected Supplier<String> command() {
        OpenEncounter c = new OpenEncounter(patient.getId(), value(kind), value(reason), null);
        String who = Formats.name(patient);
        return () -> {
            commands.execute(session.actor(), c);
            return "Opened an encounter (" + c.kind() + ") for " + who + ".";
        };
    }
}
