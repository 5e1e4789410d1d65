package org.salus.ui.stock;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.salus.barcode.Gs1Data;
import org.salus.barcode.Gs1FormatException;
import org.salus.barcode.Gs1Parser;
import org.salus.core.command.ClinicCommands;
import org.salus.core.query.ClinicQueries;
import org.salus.core.query.MedicineStock;
import org.salus.model.inventory.Medicine;
import org.salus.security.Session;
import org.salus.ui.app.errors.ErrorMessages;

/**
 * Receives a delivery: scan the pack's GS1 DataMatrix or GS1-128 code (or type the fields), check, and record it.
 * The scan fills the medicine (by GTIN), the lot and the expiry date.
 */
public class ReceiveDialog extends StockDialog {

    /** Where stock goes unless the person says otherwise. */
    public static final String DEFAULT_LOCATION = "main-store";

    private final ClinicCommands commands;
    private final ClinicQueries queries;
    private final LocalDate today;
    private final Session session;
    private final Medicine preselected;
    private final List<Medicine> choices = new ArrayList<>();
    private boolean choicesLoaded;
    private String pendingGtin;

    private Text scan;
    private Label scanInfo;
    private Combo medicine;
    private Text lot;
    private Text expiry;
    private Text location;
    private Spinner quantity;

    public ReceiveDialog(Shell parent, ClinicCommands commands, ClinicQueries queries, LocalDate today, Session session, Medicine preselected) {
        super(parent, "Receive stock", "Receive");
        this.commands = commands;
        this.queries = queries;
        this.today = today;
        this.session = session;
        this.preselected = preselected;
    }

    @Override
    protected String testIdPrefix() {
        return "receive";
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        area.setLayout(new GridLayout(2, false));
        caption(area, "Scan the pack:");
        scan = new Text(area, SWT.BORDER | SWT.SINGLE);
        scan.setData(TEST_ID, "receive.scan");
        scan.setMessage("GS1 DataMatrix or GS1-128, or (01)...(17)...(10)...");
        scan.setLayoutData(fill());
        // scanners end with Enter: read the code instead of confirming the dialog
        scan.addListener(SWT.Traverse, e -> {
            if (e.detail == SWT.TRAVERSE_RETURN) {
                e.doit = false;
                read();
            }
        });
        new Label(area, SWT.NONE);
        scanInfo = new Label(area, SWT.WRAP);
        scanInfo.setData(TEST_ID, "receive.scanInfo");
        GridData infoData = fill();
        infoData.widthHint = 380;
        scanInfo.setLayoutData(infoData);

        caption(area, "Medicine:");
        medicine = new Combo(area, SWT.READ_ONLY | SWT.DROP_DOWN);
        medicine.setData(TEST_ID, "receive.medicine");
        medicine.setLayoutData(fill());
        medicine.setVisibleItemCount(20);
        medicine.add("Loading the medicines...");
        caption(area, "Lot:");
        lot = new Text(area, SWT.BORDER | SWT.SINGLE);
        lot.setData(TEST_ID, "receive.lot");
        lot.setLayoutData(fill());
        caption(area, "Expiry (YYYY-MM-DD):");
        expiry = new Text(area, SWT.BORDER | SWT.SINGLE);
        expiry.setData(TEST_ID, "receive.expiry");
        expiry.setLayoutData(fill());
        caption(area, "Location:");
        location = new Text(area, SWT.BORDER | SWT.SINGLE);
        location.setData(TEST_ID, "receive.location");
        location.setText(DEFAULT_LOCATION);
        location.setLayoutData(fill());
        caption(area, "Units received:");
        quantity = new Spinner(area, SWT.BORDER);
        quantity.setData(TEST_ID, "receive.quantity");
        quantity.setValues(1, 1, 1_000_000, 0, 1, 100);
        createMessage(area, "receive.message", 2);
        loadChoices();
        scan.setFocus();
        return area;
    }

    private void loadChoices() {
        Job job = new Job("Loading medicines") {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    List<MedicineStock> found = queries.medicines(session.actor(), null, ClinicQueries.MAX_LIMIT);
                    ui(() -> choicesLoaded(found));
                } catch (RuntimeException e) {
                    ui(() -> say(ErrorMessages.of(e)));
                }
                return Status.OK_STATUS;
            }
        };
        job.setSystem(true);
        job.schedule();
    }

    private void choicesLoaded(List<MedicineStock> found) {
        choices.clear();
        medicine.removeAll();
        for (MedicineStock m : found) {
            choices.add(m.medicine());
            medicine.add(MedicineRow.label(m.medicine()) + "  -  GTIN " + m.medicine().getGtin());
        }
        choicesLoaded = true;
        if (pendingGtin != null) {
            chooseByGtin(pendingGtin);
            pendingGtin = null;
        } else if (preselected != null) {
            choose(preselected.getId());
        }
    }

    /** Whether the medicine list has arrived (tests wait on it). */
    public boolean ready() {
        return choicesLoaded;
    }

    /** Reads a scan as if the scanner had typed it, and fills the fields from it. */
    public void scan(String code) {
        scan.setText(code);
        read();
    }

    private void read() {
        String code = scan.getText();
        if (code.isBlank()) {
            return;
        }
        Gs1Data data;
        try {
            data = new Gs1Parser(today).parse(code);
        } catch (Gs1FormatException e) {
            scanInfo.setText("");
            say("The scan could not be read: " + e.getMessage());
            return;
        }
        say("");
        List<String> found = new ArrayList<>();
        if (data.gtin() != null) {
            found.add("GTIN " + data.gtin());
            if (choicesLoaded) {
                chooseByGtin(data.gtin());
            } else {
                pendingGtin = data.gtin();
            }
        }
        if (data.lot() != null) {
            lot.setText(data.lot());
            found.add("lot " + data.lot());
        }
        if (data.expiry() != null) {
            expiry.setText(data.expiry().toString());
            found.add("expiry " + data.expiry());
            if (data.expiry().isBefore(today)) {
                say("This lot expired on " + data.expiry() + ": expired stock cannot be received.");
            }
        }
        if (data.serial() != null) {
            found.add("serial " + data.serial());
        }
        scanInfo.setText(found.isEmpty() ? "The scan holds no GTIN, lot or expiry." : "Read: " + String.join(", ", found));
        scan.selectAll();
        quantity.setFocus();
        getShell().layout(true, true);
    }

    private void chooseByGtin(String gtin) {
        for (int i = 0; i < choices.size(); i++) {
            if (gtin.equals(choices.get(i).getGtin())) {
                medicine.select(i);
                return;
            }
        }
        medicine.deselectAll();
        say("No medicine with GTIN " + gtin + " is registered in this clinic. Register it first, or choose the medicine by hand.");
    }

    private void choose(String medicineId) {
        for (int i = 0; i < choices.size(); i++) {
            if (choices.get(i).getId().equals(medicineId)) {
                medicine.select(i);
                return;
            }
        }
    }

    /** The medicine chosen now, or null. */
    public Medicine chosen() {
        int i = medicine.getSelectionIndex();
        return choicesLoaded && i >= 0 && i < choices.size() ? choices.get(i) : null;
    }

    @Override
    protected String validate() {
        if (chosen() == null) {
            return "Choose the medicine (or scan the pack).";
        }
        if (lot.getText().isBlank()) {
            return "Enter the lot number printed on the pack.";
        }
        if (location.getText().isBlank()) {
            return "Enter where the stock is put.";
        }
        try {
            LocalDate.parse(expiry.getText().trim());
        } catch (DateTimeParseException e) {
            return "Enter the expiry date as YYYY-MM-DD (for example 2027-03-31).";
        }
        return null;
    }

    @Override
    protected Supplier<String> command() {
        Medicine m = chosen();
        String lotText = lot.getText().trim();
        LocalDate exp = LocalDate.parse(expiry.getText().trim());
        String where = location.getText().trim();
        int units = quantity.getSelection();
        return () -> {
            commands.receiveStock(session.actor(), m.getId(), lotText, exp, where, units);
            return "Received " + units + " units of " + MedicineRow.label(m) + ", lot " + lotText + " (expires " + exp + ") into " + where + ".";
        };
    }
}
