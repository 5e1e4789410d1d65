package org.salus.ui.patients;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.salus.core.command.ClinicCommands;
import org.salus.core.command.OrderMedication;
import org.salus.core.query.ClinicQueries;
import org.salus.core.query.MedicineStock;
import org.salus.model.clinical.Encounter;
import org.salus.model.clinical.Patient;
import org.salus.model.inventory.Medicine;
import org.salus.security.Session;
import org.salus.ui.app.errors.ErrorMessages;

/** Prescribes one of the clinic's registered medicines for the patient. */
public class OrderDialog extends ClinicalDialog {

    static final String[] ROUTES = {"oral", "intravenous", "intramuscular", "subcutaneous", "topical", "inhaled", "rectal"};

    private final ClinicQueries queries;
    private final List<Medicine> choices = new ArrayList<>();
    private volatile boolean ready;
    private Combo medicine;
    private Text dose;
    private Combo route;
    private Text frequency;

    public OrderDialog(Shell parent, ClinicCommands commands, ClinicQueries queries, Session session, Patient patient, List<Encounter> encounters) {
        super(parent, commands, session, "Order medication", "Order", patient, encounters);
        this.queries = queries;
    }

    @Override
    protected String instructions() {
        return "Choose the medicine and say how it is taken. The pharmacy dispenses against this order.";
    }

    @Override
    protected String testIdPrefix() {
        return "order";
    }

    @Override
    protected void createFields(Composite area) {
        patientLine(area);
        encounterChoice(area);
        medicine = combo(area, "Medicine:", "medicine", false, "Loading the medicines...");
        medicine.select(0);
        dose = field(area, "Dose:", "dose", null, "500 mg");
        route = combo(area, "Route:", "route", true, ROUTES);
        route.select(0);
        frequency = field(area, "How often:", "frequency", null, "3 times a day for 5 days");
        loadChoices();
    }

    private void loadChoices() {
        Job job = new Job("Loading medicines") {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    List<MedicineStock> found = queries.medicines(session.actor(), null, ClinicQueries.MAX_LIMIT);
                    ui(() -> {
                        choices.clear();
                        medicine.removeAll();
                        // nothing is chosen for the prescriber: the first entry asks for a choice
                        medicine.add(found.isEmpty() ? "No medicine is registered in this clinic." : "Choose the medicine...");
                        medicine.select(0);
                        for (MedicineStock m : found) {
                            choices.add(m.medicine());
                            medicine.add(label(m.medicine()) + "  (" + m.usable() + " in stock)");
                        }
                        ready = true;
                    });
                } catch (RuntimeException e) {
                    ui(() -> setErrorMessage(ErrorMessages.of(e)));
                }
                return Status.OK_STATUS;
            }
        };
        job.setSystem(true);
        job.schedule();
    }

    /** Whether the medicines are loaded. */
    public boolean ready() {
        return ready;
    }

    /** Chooses a medicine by id; false when the clinic has none with that id. */
    public boolean choose(String medicineId) {
        for (int i = 0; i < choices.size(); i++) {
            if (choices.get(i).getId().equals(medicineId)) {
                medicine.select(i + 1);
                return true;
            }
        }
        return false;
    }

    @Override
    protected String validate() {
        int i = medicine.getSelectionIndex() - 1;
        return !ready || i < 0 || i >= choices.size() ? "Choose the medicine to order." : null;
    }

    @Override
    protected Supplier<String> command() {
        Medicine m = choices.get(medicine.getSelectionIndex() - 1);
        OrderMedication c = new OrderMedication(patient.getId(), chosenEncounter(), m.getId(), value(dose), value(route), value(frequency));
        String who = Formats.name(patient);
        return () -> {
            commands.execute(session.actor(), c);
            return "Ordered " + label(m) + ", " + c.dose() + " " + c.route() + ", " + c.frequency() + " for " + who + ".";
        };
    }

    /** A medicine as the screens name it: "amoxicillin 500 mg capsule". */
    static String label(Medicine m) {
        StringBuilder sb = new StringBuilder(m.getInnName());
        if (m.getStrength() != null && !m.getStrength().isBlank()) {
            sb.append(' ').append(m.getStrength());
            if (m.getUnit() != null && !m.getUnit().isBlank()) {
                sb.append(' ').append(m.getUnit());
            }
        }
        if (m.getForm() != null && !m.getForm().isBlank()) {
            sb.append(' ').append(m.getForm());
        }
        return sb.toString();
    }
}
