package org.salus.ui.patients;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.salus.core.command.ClinicCommands;
import org.salus.model.clinical.Patient;
import org.salus.model.clinical.Sex;
import org.salus.security.Session;

/** The demographic fields that registering a patient and correcting their demographics share. */
abstract class DemographicsForm extends PatientDialog {

    static final String[] SEXES = {"female", "male", "other", "unknown"};

    protected Text identifier;
    protected Text givenName;
    protected Text familyName;
    protected Text birthDate;
    protected Combo sex;
    protected Text phone;
    protected Text address;

    DemographicsForm(Shell parent, ClinicCommands commands, Session session, String title, String confirm) {
        super(parent, commands, session, title, confirm);
    }

    /** Adds the fields, filled from a patient when one is given. */
    protected void createDemographics(Composite area, Patient p) {
        identifier = field(area, "Record number:", "identifier", p == null ? null : p.getIdentifier(), "the clinic's number for this patient");
        givenName = field(area, "Given name(s):", "givenName", p == null ? null : p.getGivenName(), null);
        familyName = field(area, "Family name:", "familyName", p == null ? null : p.getFamilyName(), null);
        birthDate = field(area, "Date of birth:", "birthDate", p == null ? null : Formats.date(p.getBirthDate()), "YYYY-MM-DD, empty when unknown");
        sex = combo(area, "Sex:", "sex", false, SEXES);
        sex.select(p == null ? SEXES.length - 1 : index(p.getSex()));
        phone = field(area, "Phone:", "phone", p == null ? null : p.getPhone(), "optional");
        address = area(area, "Address:", "address", p == null ? null : p.getAddress(), 3);
    }

    @Override
    protected String validate() {
        String d = value(birthDate);
        if (d != null) {
            try {
                LocalDate.parse(d);
            } catch (DateTimeParseException e) {
                return "Write the date of birth as year-month-day, e.g. 1984-03-27 (or leave it empty when unknown).";
            }
        }
        return null;
    }

    protected LocalDate birth() {
        String d = value(birthDate);
        return d == null ? null : LocalDate.parse(d);
    }

    protected Sex chosenSex() {
        return Sex.get(SEXES[Math.max(0, sex.getSelectionIndex())].toUpperCase(Locale.ROOT));
    }

    private static int index(Sex s) {
        return s == null ? SEXES.length - 1 : switch (s) {
            case FEMALE -> 0;
            case MALE -> 1;
            case OTHER -> 2;
            case UNKNOWN -> 3;
        };
    }
}
