package org.salus.ui.stock;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.salus.core.command.ClinicCommands;
import org.salus.core.command.CommandResult;
import org.salus.core.op.OpEnvelope;
import org.salus.model.inventory.Medicine;
import org.salus.model.inventory.StockBatch;
import org.salus.security.Session;

/**
 * Dispenses a medicine first-expired-first-out. Before anything is recorded the dialog shows which batches the units
 * will most likely come from; afterwards it says which ones they did come from.
 */
public class DispenseDialog extends StockDialog {

    private static final Pattern BATCH = Pattern.compile("\"batchId\":\"([^\"]+)\"");
    private static final Pattern QUANTITY = Pattern.compile("\"quantity\":(-?\\d+)");

    private final ClinicCommands commands;
    private final LocalDate today;
    private final Session session;
    private final Medicine medicine;
    private final List<StockBatch> batches;

    private Spinner quantity;
    private Label plan;

    public DispenseDialog(Shell parent, ClinicCommands commands, LocalDate today, Session session, Medicine medicine, List<StockBatch> batches) {
        super(parent, "Dispense", "Dispense");
        this.commands = commands;
        this.today = today;
        this.session = session;
        this.medicine = medicine;
        this.batches = List.copyOf(batches);
    }

    @Override
    protected String testIdPrefix() {
        return "dispense";
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        area.setLayout(new GridLayout(2, false));
        caption(area, "Medicine:");
        Label name = new Label(area, SWT.NONE);
        name.setData(TEST_ID, "dispense.medicine");
        name.setText(MedicineRow.label(medicine));
        caption(area, "Units:");
        quantity = new Spinner(area, SWT.BORDER);
        quantity.setData(TEST_ID, "dispense.quantity");
        quantity.setValues(1, 1, 1_000_000, 0, 1, 10);
        quantity.addListener(SWT.Modify, e -> updatePlan());
        caption(area, "First expiring first:");
        plan = new Label(area, SWT.WRAP);
        plan.setData(TEST_ID, "dispense.plan");
        GridData planData = new GridData(SWT.FILL, SWT.TOP, true, false);
        planData.widthHint = 420;
        plan.setLayoutData(planData);
        createMessage(area, "dispense.message", 2);
        updatePlan();
        quantity.setFocus();
        return area;
    }

    /** Sets the number of units, as if typed. */
    public void setQuantity(int units) {
        quantity.setSelection(units);
        updatePlan();
    }

    /** The plan shown now. */
    public String plan() {
        return plan.getText();
    }

    private void updatePlan() {
        FefoPreview.Plan p = FefoPreview.plan(batches, today, quantity.getSelection());
        plan.setText(p.describe());
        if (getShell() != null) {
            getShell().layout(true, true);
        }
    }

    @Override
    protected String validate() {
        return null;
    }

    @Override
    protected Supplier<String> command() {
        int units = quantity.getSelection();
        Map<String, String> lots = new HashMap<>();
        for (StockBatch b : batches) {
            lots.put(b.getId(), b.getLot());
        }
        return () -> {
            CommandResult r = commands.dispense(session.actor(), medicine.getId(), units);
            List<String> used = new ArrayList<>();
            for (OpEnvelope op : r.operations()) {
                Matcher batch = BATCH.matcher(op.payload());
                Matcher qty = QUANTITY.matcher(op.payload());
                if ("stock.dispense".equals(op.opType()) && batch.find() && qty.find()) {
                    used.add(Math.abs(Integer.parseInt(qty.group(1))) + " from lot " + lots.getOrDefault(batch.group(1), batch.group(1)));
                }
            }
            return "Dispensed " + units + " units of " + MedicineRow.label(medicine) + (used.isEmpty() ? "." : ": " + String.join(", ", used) + ".");
        };
    }
}
