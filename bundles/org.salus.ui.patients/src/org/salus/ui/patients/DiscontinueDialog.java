package org.salus.ui.patients;

import java.util.function.Supplier;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.salus.core.command.ClinicCommands;
import org.salus.core.command.DiscontinueMedication;
import org.salus.model.clinical.MedicationOrder;
import org.salus.model.clinical.Patient;
import org.salus.security.Session;

/** Stops an active medication order, with the reason. */
public class DiscontinueDialog extends ClinicalDialog {

    private final MedicationOrder order;
    private final String medicineName;
    private Text reason;

    public DiscontinueDialog(Shell parent, ClinicCommands commands, Session session, Patient patient, MedicationOrder order, String medicineName) {
        super(parent, commands, session, "Discontinue medication", "Discontinue", patient, null);
        this.order = order;
        this.medicineName = medicineName;
    }

    @Override
    protected String instructions() {
        return "The order stays in the record as stopped, with the reason.";
    }

    @Override
    protected String testIdPrefix() {
        return "discontinue";
    }

    @Override
    protected void createFields(Composite area) {
        patientLine(area);
        fact(area, "Order:", "order", medicineName + ", " + order.getDose() + " " + order.getRoute() + ", " + order.getFrequency()
                + " (ordered " + Formats.time(order.getOrderedAt()) + ")");
        reason = area(area, "Reason:", "reason", null, 3);
    }

    @Override
    protected Supplier<String> command() {
        DiscontinueMedication c = new DiscontinueMedication(order.getId(), value(reason));
        String who = Formats.name(patient);
        return () -> {
            commands.execute(session.actor(), c);
            return "Discontinued " + medicineName + " for " + who + ".";
        };
    }
}
