package org.example.salus.vaccination.ui;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.example.salus.vaccination.Vaccination;
import org.example.salus.vaccination.VaccinationRegister;
import org.salus.security.Session;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * A patient's vaccinations and a form to record one, contributed to the workstation by this bundle's
 * {@code fragment.e4xmi}. Every call runs as the signed-in user off the UI thread; Salus refuses what the user's roles
 * do not allow, and the refusal is shown as it is worded.
 */
public class VaccinationPart {

    /** The part's id in the application model. */
    public static final String ID = "org.example.salus.vaccination.part";
    /** Key under which widgets carry a stable id for tests. */
    public static final String TEST_ID = "org.salus.testid";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private volatile VaccinationRegister register;
    private volatile Session session;
    private Display display;
    private Text patient;
    private Table table;
    private Text code;
    private Text name;
    private Spinner dose;
    private Text lot;
    private Text givenBy;
    private Label status;

    @Inject
    void setRegister(@Optional @Service VaccinationRegister r) {
        register = r;
    }

    @Inject
    void setSession(@Optional Session s) {
        session = s;
    }

    @PostConstruct
    public void create(Composite parent) {
        display = parent.getDisplay();
        parent.setLayout(new GridLayout(4, false));
        new Label(parent, SWT.NONE).setText("Patient id");
        patient = text(parent, "patient", 3);
        Button show = button(parent, "Show vaccinations", "show");
        show.addListener(SWT.Selection, e -> load());
        new Label(parent, SWT.NONE).setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));

        table = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION);
        table.setData(TEST_ID, "vaccinations");
        table.setHeaderVisible(true);
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 4, 1));
        for (String h : new String[] {"Given at", "Vaccine", "Code", "Dose", "Lot", "Given by"}) {
            TableColumn c = new TableColumn(table, SWT.NONE);
            c.setText(h);
            c.setWidth(h.equals("Vaccine") ? 200 : 110);
        }

        new Label(parent, SWT.NONE).setText("Vaccine code");
        code = text(parent, "code", 1);
        new Label(parent, SWT.NONE).setText("Vaccine name");
        name = text(parent, "name", 1);
        new Label(parent, SWT.NONE).setText("Dose");
        dose = new Spinner(parent, SWT.BORDER);
        dose.setData(TEST_ID, "dose");
        dose.setValues(1, 1, 20, 0, 1, 1);
        new Label(parent, SWT.NONE).setText("Lot");
        lot = text(parent, "lot", 1);
        new Label(parent, SWT.NONE).setText("Given by");
        givenBy = text(parent, "givenBy", 1);
        Button record = button(parent, "Record vaccination", "record");
        record.addListener(SWT.Selection, e -> record());
        new Label(parent, SWT.NONE);
        status = new Label(parent, SWT.WRAP);
        status.setData(TEST_ID, "status");
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1));
    }

    private void load() {
        String patientId = patient.getText().trim();
        call(() -> register().ofPatient(session().actor(), patientId), this::show);
    }

    private void record() {
        String patientId = patient.getText().trim();
        String c = code.getText().trim();
        String n = name.getText().trim();
        int d = dose.getSelection();
        String l = lot.getText().trim();
        String by = givenBy.getText().trim();
        call(() -> {
            register().record(session().actor(), patientId, c, n, d, l.isEmpty() ? null : l, Instant.now(), by.isEmpty() ? null : by);
            return register().ofPatient(session().actor(), patientId);
        }, list -> {
            show(list);
            status.setText("Recorded.");
        });
    }

    private void show(List<Vaccination> list) {
        table.removeAll();
        for (Vaccination v : list) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] {v.givenAt() == null ? "" : TIME.format(v.givenAt()), nz(v.vaccineName()), v.vaccineCode(),
                    Integer.toString(v.doseNumber()), nz(v.lot()), nz(v.givenBy())});
        }
        status.setText(list.size() + " vaccination" + (list.size() == 1 ? "" : "s"));
    }

    /** Runs a call off the UI thread and hands its result, or its error message, back to the UI thread. */
    private <T> void call(Supplier<T> work, java.util.function.Consumer<T> done) {
        status.setText("…");
        CompletableFuture.supplyAsync(work).whenComplete((result, error) -> {
            if (display.isDisposed()) {
                return;
            }
            display.asyncExec(() -> {
                if (status.isDisposed()) {
                    return;
                }
                if (error != null) {
                    Throwable cause = error.getCause() != null ? error.getCause() : error;
                    status.setText(cause.getMessage());
                } else {
                    done.accept(result);
                }
            });
        });
    }

    private VaccinationRegister register() {
        VaccinationRegister r = register;
        if (r == null) {
            throw new IllegalStateException("The vaccination register is not running.");
        }
        return r;
    }

    private Session session() {
        Session s = session;
        if (s == null) {
            throw new IllegalStateException("Nobody is logged in.");
        }
        return s;
    }

    private static Text text(Composite parent, String id, int span) {
        Text t = new Text(parent, SWT.BORDER);
        t.setData(TEST_ID, id);
        t.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, span, 1));
        return t;
    }

    private static Button button(Composite parent, String label, String id) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(label);
        b.setData(TEST_ID, id);
        return b;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
