package org.salus.ui.patients;

import java.util.Objects;
import java.util.function.Supplier;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Shell;
import org.salus.core.command.ClinicCommands;
import org.salus.core.command.UpdateDemographics;
import org.salus.model.clinical.Patient;
import org.salus.security.Session;

/** Corrects a patient's demographics; only the fields the person changed are sent. */
public class DemographicsDialog extends DemographicsForm {

    private final Patient patient;

    public DemographicsDialog(Shell parent, ClinicCommands commands, Session session, Patient patient) {
        super(parent, commands, session, "Update demographics", "Save");
        this.patient = patient;
    }

    @Override
    protected String instructions() {
        return "Correct what is wrong; only the changed fields are recorded. Emptying phone or address clears it.";
    }

    @Override
    protected String testIdPrefix() {
        return "demographics";
    }

    @Override
    protected void createFields(Composite area) {
        createDemographics(area, patient);
    }

    /** The update the fields ask for now: only what differs from the patient as shown. */
    UpdateDemographics changes() {
        UpdateDemographics u = UpdateDemographics.of(patient.getId());
        u = differs(u, "identifier", patient.getIdentifier(), value(identifier));
        u = differs(u, "givenName", patient.getGivenName(), value(givenName));
        u = differs(u, "familyName", patient.getFamilyName(), value(familyName));
        u = differs(u, "birthDate", patient.getBirthDate(), birth());
        u = differs(u, "sex", patient.getSex(), chosenSex());
        u = differs(u, "phone", patient.getPhone(), value(phone));
        u = differs(u, "address", patient.getAddress(), value(address));
        return u;
    }

    /** A demographic field as a person says it. */
    static String words(String field) {
        return switch (field) {
            case "identifier" -> "record number";
            case "givenName" -> "given name";
            case "familyName" -> "family name";
            case "birthDate" -> "date of birth";
            default -> field;
        };
    }

    private static UpdateDemographics differs(UpdateDemographics u, String field, Object before, Object now) {
        return Objects.equals(before, now) ? u : u.with(field, now);
    }

    @Override
    protected String validate() {
        String problem = super.validate();
        if (problem == null && changes().changes().isEmpty()) {
            return "Nothing was changed.";
        }
        return problem;
    }

    @Override
    protected Supplier<String> command() {
        UpdateDemographics u = changes();
        String who = Formats.name(patient);
        return () -> {
            commands.execute(session.actor(), u);
            return "Demographics of " + who + " updated: " + String.join(", ", u.changes().keySet().stream().map(DemographicsDialog::words).toList())
                    + ".";
        };
    }
}
