package org.salus.ui.patients;

import java.util.function.Supplier;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Shell;
import org.salus.core.command.ClinicCommands;
import org.salus.core.command.RegisterPatient;
import org.salus.security.Session;

/** Registers a new patient with the clinic. */
public class RegisterPatientDialog extends DemographicsForm {

    private volatile String patientId;
    private volatile String recordNumber;

    public RegisterPatientDialog(Shell parent, ClinicCommands commands, Session session) {
        super(parent, commands, session, "Register patient", "Register");
    }

    @Override
    protected String instructions() {
        return "The record number must not be in use yet. Date of birth, phone and address may stay empty.";
    }

    @Override
    protected String testIdPrefix() {
        return "register";
    }

    @Override
    protected void createFields(Composite area) {
        createDemographics(area, null);
    }

    /** The new patient's id, once registered. */
    public String patientId() {
        return patientId;
    }

    /** The new patient's record number, once registered. */
    public String recordNumber() {
        return recordNumber;
    }

    @Override
    protected Supplier<String> command() {
        RegisterPatient c = new RegisterPatient(value(identifier), value(givenName), value(familyName), birth(), chosenSex(), value(phone),
                value(address));
        return () -> {
            patientId = commands.execute(session.actor(), c).createdId("Patient");
            recordNumber = c.identifier();
            return "Registered " + c.familyName() + ", " + c.givenName() + " (record number " + c.identifier() + ").";
        };
    }
}
