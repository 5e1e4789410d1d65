package org.salus.ui.patients;

import java.util.List;
import java.util.function.Supplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.salus.core.command.ClinicCommands;
import org.salus.core.command.RecordObservation;
import org.salus.model.clinical.Encounter;
import org.salus.model.clinical.Patient;
import org.salus.security.Session;

/** Records a measured or observed value, made now. */
public class ObservationDialog extends ClinicalDialog {

    /** Common observations and their usual unit; any other code may be typed. */
    static final String[][] COMMON = {
            {"body-weight", "kg"}, {"body-height", "cm"}, {"body-temperature", "°C"}, {"blood-pressure-systolic", "mmHg"},
            {"blood-pressure-diastolic", "mmHg"}, {"heart-rate", "/min"}, {"respiratory-rate", "/min"}, {"oxygen-saturation", "%"},
            {"blood-glucose", "mmol/L"}};

    private Combo code;
    private Text value;
    private Text unit;

    public ObservationDialog(Shell parent, ClinicCommands commands, Session session, Patient patient, List<Encounter> encounters) {
        super(parent, commands, session, "Record observation", "Record", patient, encounters);
    }

    @Override
    protected String instructions() {
        return "What was observed, its value and unit. It is recorded as observed now.";
    }

    @Override
    protected String testIdPrefix() {
        return "observation";
    }

    @Override
    protected void createFields(Composite area) {
        patientLine(area);
        encounterChoice(area);
        String[] codes = new String[COMMON.length];
        for (int i = 0; i < COMMON.length; i++) {
            codes[i] = COMMON[i][0];
        }
        code = combo(area, "Observation:", "code", true, codes);
        value = field(area, "Value:", "value", null, null);
        unit = field(area, "Unit:", "unit", null, "optional");
        // a common observation suggests its unit
        code.addListener(SWT.Modify, e -> {
            for (String[] c : COMMON) {
                if (c[0].equals(code.getText().trim())) {
                    unit.setText(c[1]);
                }
            }
        });
    }

    @Override
    protected Supplier<String> command() {
        RecordObservation c = new RecordObservation(patient.getId(), chosenEncounter(), value(code), value(value), value(unit), null);
        String who = Formats.name(patient);
        return () -> {
            commands.execute(session.actor(), c);
            return "Recorded " + c.code() + " " + c.value() + (c.unit() == null ? "" : " " + c.unit()) + " for " + who + ".";
        };
    }
}
