package org.salus.ui.stock;

import java.time.LocalDate;
import java.util.function.Supplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.salus.core.command.Adjust;
import org.salus.core.command.ClinicCommands;
import org.salus.core.command.Transfer;
import org.salus.core.command.WriteOffExpired;
import org.salus.model.inventory.StockBatch;
import org.salus.security.Session;

/** The corrections to one batch: adjust after a count, write off when expired, transfer to another location. */
public class BatchDialog extends StockDialog {

    /** Which correction. */
    public enum Kind {
        ADJUST("Adjust batch", "Adjust", "adjust"),
        WRITE_OFF("Write off expired batch", "Write off", "writeOff"),
        TRANSFER("Transfer batch", "Transfer", "transfer");

        final String title;
        final String confirm;
        final String prefix;

        Kind(String title, String confirm, String prefix) {
            this.title = title;
            this.confirm = confirm;
            this.prefix = prefix;
        }
    }

    private final ClinicCommands commands;
    private final Session session;
    private final Kind kind;
    private final StockBatch batch;
    private final String medicineName;
    private final LocalDate today;

    private Spinner amount;
    private Text text;

    public BatchDialog(Shell parent, ClinicCommands commands, Session session, Kind kind, StockBatch batch, String medicineName, LocalDate today) {
        super(parent, kind.title, kind.confirm);
        this.commands = commands;
        this.session = session;
        this.kind = kind;
        this.batch = batch;
        this.medicineName = medicineName;
        this.today = today;
    }

    @Override
    protected String testIdPrefix() {
        return kind.prefix;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        area.setLayout(new GridLayout(2, false));
        caption(area, "Batch:");
        Label which = new Label(area, SWT.NONE);
        which.setText(medicineName + ", lot " + batch.getLot() + ", expires " + batch.getExpiry() + ", " + batch.getQuantityOnHand()
                + " units at " + batch.getLocation());
        switch (kind) {
            case ADJUST -> {
                caption(area, "Change (+/- units):");
                amount = new Spinner(area, SWT.BORDER);
                amount.setValues(0, -1_000_000, 1_000_000, 0, 1, 10);
                caption(area, "Reason:");
                text = new Text(area, SWT.BORDER | SWT.SINGLE);
                text.setMessage("stock count, broken pack, ...");
            }
            case WRITE_OFF -> {
                caption(area, "Reason:");
                text = new Text(area, SWT.BORDER | SWT.SINGLE);
                text.setText("expired");
                Label note = new Label(area, SWT.WRAP);
                note.setText("All " + batch.getQuantityOnHand() + " units are written off.");
                note.setLayoutData(new org.eclipse.swt.layout.GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
            }
            case TRANSFER -> {
                caption(area, "Units:");
                amount = new Spinner(area, SWT.BORDER);
                amount.setValues(Math.max(1, batch.getQuantityOnHand()), 1, 1_000_000, 0, 1, 10);
                caption(area, "To location:");
                text = new Text(area, SWT.BORDER | SWT.SINGLE);
                text.setMessage("ward-a, outreach bag, ...");
            }
        }
        if (amount != null) {
            amount.setData(TEST_ID, kind.prefix + ".amount");
        }
        text.setData(TEST_ID, kind.prefix + ".text");
        text.setLayoutData(fill());
        createMessage(area, kind.prefix + ".message", 2);
        return area;
    }

    @Override
    protected String validate() {
        return switch (kind) {
            case ADJUST -> amount.getSelection() == 0 ? "Enter by how many units the count differs (negative when fewer)."
                    : text.getText().isBlank() ? "Say why the stock is corrected." : null;
            case WRITE_OFF -> ExpiryClass.of(batch.getExpiry(), today) != ExpiryClass.EXPIRED
                    ? "Lot " + batch.getLot() + " expires on " + batch.getExpiry() + ": only expired batches are written off." : null;
            case TRANSFER -> text.getText().isBlank() ? "Enter where the units go." : null;
        };
    }

    @Override
    protected Supplier<String> command() {
        int units = amount == null ? 0 : amount.getSelection();
        String words = text.getText().trim();
        return switch (kind) {
            case ADJUST -> () -> {
                commands.execute(session.actor(), new Adjust(batch.getId(), units, words));
                return "Lot " + batch.getLot() + " of " + medicineName + " corrected by " + (units > 0 ? "+" : "") + units + " (" + words + ").";
            };
            case WRITE_OFF -> () -> {
                commands.execute(session.actor(), new WriteOffExpired(batch.getId(), words.isEmpty() ? null : words));
                return "Lot " + batch.getLot() + " of " + medicineName + " written off.";
            };
            case TRANSFER -> () -> {
                commands.execute(session.actor(), new Transfer(batch.getId(), units, words));
                return units + " units of lot " + batch.getLot() + " of " + medicineName + " moved to " + words + ".";
            };
        };
    }
}
