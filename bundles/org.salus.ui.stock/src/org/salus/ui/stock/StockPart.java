package org.salus.ui.stock;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.preferences.IEclipsePreferences.IPreferenceChangeListener;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ILazyContentProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.salus.barcode.Gs1Data;
import org.salus.barcode.Gs1FormatException;
import org.salus.barcode.Gs1Parser;
import org.salus.core.access.Permissions;
import org.salus.core.command.Actor;
import org.salus.core.command.ClinicCommands;
import org.salus.core.platform.ClinicClock;
import org.salus.core.query.ClinicQueries;
import org.salus.core.query.MedicineStock;
import org.salus.model.inventory.StockBatch;
import org.salus.security.Session;
import org.salus.ui.app.errors.ErrorMessages;
import org.salus.ui.app.preferences.ExpiryWindows;
import org.salus.ui.app.preferences.WorkstationPreferences;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The pharmacy's stock: every medicine with its usable stock, low-stock and expiring-soon marks (a lazy, virtual
 * table), and the batches of the selected medicine coloured by expiry. Receiving, dispensing and the corrections open
 * dialogs; what a user may do follows their session, and the core checks every command again.
 */
public class StockPart {

    /** The part's id in the application model. */
    public static final String ID = "org.salus.ui.stock.part";
    /** Key under which widgets carry a stable id for tests. */
    public static final String TEST_ID = "org.salus.testid";
    /** Batches expiring within this many days mark their medicine, unless the preferences say otherwise. */
    public static final int WATCH_DAYS = ExpiryWindows.DEFAULT.watchDays();
    /** System property that makes the list print {@code Salus medicine list ready: N medicines} once its rows show (for benchmarks). */
    private static final String REPORT_READY = "salus.reportReady";
    /** Rows read first when the list is empty: a screenful and more, which reads only their own batches. */
    static final int FIRST_PAGE = 40;

    private volatile ClinicQueries queries;
    private volatile ClinicCommands commands;
    private volatile ClinicClock clock;
    private volatile Session session;

    private Display display;
    private Text search;
    private Combo filter;
    private Label summary;
    private Label message;
    private Label batchTitle;
    private TableViewer medicines;
    private TableViewer batches;
    private final Map<String, Button> actions = new HashMap<>();
    private Color expiredColor;
    private Color soonColor;
    private Color watchColor;
    private Color lowColor;

    private List<MedicineRow> allRows = List.of();
    private List<MedicineRow> shown = List.of();
    private LocalDate today = LocalDate.now();
    private volatile ExpiryWindows windows = WorkstationPreferences.expiryWindows();
    private final IPreferenceChangeListener windowsChanged = e -> {
        if (e.getKey().startsWith("expiry.")) {
            refreshLater();
        }
    };
    private MedicineRow selected;
    private List<StockBatch> selectedBatches = List.of();
    private StockBatch selectedBatch;
    private volatile int loads;
    private volatile int batchLoads;
    private int searchGeneration;
    private boolean reported;
    private boolean reportedComplete;
    private int loadGeneration;
    private boolean partial;

    @Inject
    void setQueries(@Optional @Service ClinicQueries q) {
        queries = q;
        refreshLater();
    }

    @Inject
    void setCommands(@Optional @Service ClinicCommands c) {
        commands = c;
    }

    @Inject
    void setClock(@Optional @Service ClinicClock c) {
        clock = c;
    }

    @Inject
    void setSession(@Optional Session s) {
        Session before = session;
        session = s;
        if (display != null && !display.isDisposed()) {
            display.asyncExec(this::updateActions);
            if (before == null || s == null || !before.userId().equals(s.userId())) {
                refreshLater();
            }
        }
    }

    @PostConstruct
    public void createControls(Composite parent) {
        display = parent.getDisplay();
        WorkstationPreferences.node().addPreferenceChangeListener(windowsChanged);
        expiredColor = new Color(display, 255, 205, 210);
        soonColor = new Color(display, 255, 224, 178);
        watchColor = new Color(display, 255, 249, 196);
        lowColor = new Color(display, 255, 235, 238);
        parent.setLayout(new GridLayout(1, false));

        Composite top = new Composite(parent, SWT.NONE);
        top.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        top.setLayout(new GridLayout(5, false));
        new Label(top, SWT.NONE).setText("Search:");
        search = new Text(top, SWT.BORDER | SWT.SEARCH | SWT.ICON_CANCEL);
        search.setData(TEST_ID, "stock.search");
        search.setMessage("name, GTIN, or scan a pack");
        GridData searchData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        searchData.minimumWidth = 220;
        search.setLayoutData(searchData);
        search.addModifyListener(e -> searchLater());
        search.addListener(SWT.DefaultSelection, e -> refresh());
        filter = new Combo(top, SWT.READ_ONLY);
        filter.setData(TEST_ID, "stock.filter");
        for (StockFilter f : StockFilter.values()) {
            filter.add(f.label(windows));
        }
        filter.select(0);
        filter.addListener(SWT.Selection, e -> applyFilter());
        Button refresh = new Button(top, SWT.PUSH);
        refresh.setText("Refresh");
        refresh.setData(TEST_ID, "stock.refresh");
        refresh.addListener(SWT.Selection, e -> refresh());
        summary = new Label(top, SWT.NONE);
        summary.setData(TEST_ID, "stock.summary");
        summary.setLayoutData(new GridData(SWT.END, SWT.CENTER, true, false));

        Composite buttons = new Composite(parent, SWT.NONE);
        GridLayout buttonsLayout = new GridLayout(5, false);
        buttonsLayout.marginHeight = 0;
        buttons.setLayout(buttonsLayout);
        action(buttons, "stock.receive", "Receive...", Permissions.STOCK_RECEIVE, () -> openReceive(null));
        action(buttons, "stock.dispense", "Dispense...", Permissions.STOCK_DISPENSE, this::openDispense);
        action(buttons, "stock.adjust", "Adjust...", Permissions.STOCK_ADJUST, this::openAdjust);
        action(buttons, "stock.writeOff", "Write off expired...", Permissions.STOCK_WRITE_OFF, this::openWriteOff);
        action(buttons, "stock.transfer", "Transfer...", Permissions.STOCK_TRANSFER, this::openTransfer);

        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        createMedicineTable(sash);
        Composite lower = new Composite(sash, SWT.NONE);
        GridLayout lowerLayout = new GridLayout(1, false);
        lowerLayout.marginWidth = 0;
        lower.setLayout(lowerLayout);
        batchTitle = new Label(lower, SWT.NONE);
        batchTitle.setData(TEST_ID, "stock.batchTitle");
        batchTitle.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        batchTitle.setText("Select a medicine to see its batches.");
        createBatchTable(lower);
        sash.setWeights(3, 2);

        message = new Label(parent, SWT.WRAP);
        message.setData(TEST_ID, "stock.message");
        message.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        updateActions();
        refresh();
    }

    private void createMedicineTable(Composite parent) {
        medicines = new TableViewer(parent, SWT.VIRTUAL | SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL);
        medicines.getTable().setData(TEST_ID, "stock.medicines");
        medicines.getTable().setHeaderVisible(true);
        medicines.getTable().setLinesVisible(true);
        medicines.setUseHashlookup(true);
        medicines.setContentProvider(new ILazyContentProvider() {
            @Override
            public void updateElement(int index) {
                if (index < shown.size()) {
                    medicines.replace(shown.get(index), index);
                }
            }

            @Override
            public void inputChanged(Viewer viewer, Object oldInput, Object newInput) {
                // rows are kept in the part
            }
        });
        column(medicines, "Medicine", 360, r -> ((MedicineRow) r).label(), null);
        column(medicines, "GTIN", 130, r -> ((MedicineRow) r).medicine().getGtin(), null);
        column(medicines, "Usable", 70, r -> String.valueOf(((MedicineRow) r).stock().usable()), null);
        column(medicines, "Reorder at", 90, r -> String.valueOf(((MedicineRow) r).medicine().getReorderLevel()), null);
        column(medicines, "Stock", 140, r -> stockWords((MedicineRow) r), r -> ((MedicineRow) r).low() ? lowColor : null);
        column(medicines, "First expiry", 200, r -> expiryWords(((MedicineRow) r).earliestExpiry()),
                r -> colour(ExpiryClass.of(((MedicineRow) r).earliestExpiry(), today, windows)));
        medicines.setInput(new Object());
        medicines.addSelectionChangedListener(e -> {
            Object first = ((IStructuredSelection) e.getSelection()).getFirstElement();
            if (first instanceof MedicineRow row && (selected == null || !row.medicine().getId().equals(selected.medicine().getId()))) {
                selected = row;
                loadBatches();
            }
        });
    }

    private void createBatchTable(Composite parent) {
        batches = new TableViewer(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL);
        batches.getTable().setData(TEST_ID, "stock.batches");
        batches.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        batches.getTable().setHeaderVisible(true);
        batches.getTable().setLinesVisible(true);
        batches.setContentProvider(ArrayContentProvider.getInstance());
        column(batches, "Lot", 160, b -> ((StockBatch) b).getLot(), b -> colour(ExpiryClass.of(((StockBatch) b).getExpiry(), today, windows)));
        column(batches, "Expiry", 110, b -> String.valueOf(((StockBatch) b).getExpiry()), b -> colour(ExpiryClass.of(((StockBatch) b).getExpiry(), today, windows)));
        column(batches, "Days left", 80, b -> daysLeft(((StockBatch) b).getExpiry()), b -> colour(ExpiryClass.of(((StockBatch) b).getExpiry(), today, windows)));
        column(batches, "Status", 130, b -> ExpiryClass.of(((StockBatch) b).getExpiry(), today, windows).words(windows),
                b -> colour(ExpiryClass.of(((StockBatch) b).getExpiry(), today, windows)));
        column(batches, "Location", 140, b -> ((StockBatch) b).getLocation(), b -> colour(ExpiryClass.of(((StockBatch) b).getExpiry(), today, windows)));
        column(batches, "On hand", 80, b -> String.valueOf(((StockBatch) b).getQuantityOnHand()),
                b -> colour(ExpiryClass.of(((StockBatch) b).getExpiry(), today, windows)));
        batches.setInput(List.of());
        batches.addSelectionChangedListener(e -> {
            Object first = ((IStructuredSelection) e.getSelection()).getFirstElement();
            selectedBatch = first instanceof StockBatch b ? b : null;
            updateActions();
        });
    }

    private static void column(TableViewer viewer, String title, int width, Function<Object, String> text, Function<Object, Color> background) {
        TableViewerColumn c = new TableViewerColumn(viewer, SWT.NONE);
        c.getColumn().setText(title);
        c.getColumn().setWidth(width);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                String s = text.apply(element);
                return s == null ? "" : s;
            }

            @Override
            public Color getBackground(Object element) {
                return background == null ? null : background.apply(element);
            }
        });
    }

    private void action(Composite parent, String testId, String label, String permission, Runnable run) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(label);
        b.setData(TEST_ID, testId);
        b.setData("permission", permission);
        b.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false));
        b.addListener(SWT.Selection, e -> run.run());
        actions.put(testId, b);
    }

    /** Shows the buttons the session's roles allow, enabled when there is something to act on. */
    private void updateActions() {
        if (actions.isEmpty() || message == null || message.isDisposed()) {
            return;
        }
        Session s = session;
        for (Button b : actions.values()) {
            boolean granted = s != null && s.grants((String) b.getData("permission"));
            b.setVisible(granted);
            ((GridData) b.getLayoutData()).exclude = !granted;
        }
        actions.get("stock.dispense").setEnabled(selected != null);
        actions.get("stock.adjust").setEnabled(selectedBatch != null);
        actions.get("stock.transfer").setEnabled(selectedBatch != null);
        actions.get("stock.writeOff").setEnabled(selectedBatch != null && ExpiryClass.of(selectedBatch.getExpiry(), today, windows) == ExpiryClass.EXPIRED);
        actions.get("stock.receive").getParent().layout(true);
    }

    // ---- loading ----

    private void refreshLater() {
        if (display != null && !display.isDisposed()) {
            display.asyncExec(this::refresh);
        }
    }

    private void searchLater() {
        int generation = ++searchGeneration;
        display.timerExec(300, () -> {
            if (generation == searchGeneration && !search.isDisposed()) {
                refresh();
            }
        });
    }

    private void updateFilterLabels() {
        StockFilter[] all = StockFilter.values();
        for (int i = 0; i < all.length && i < filter.getItemCount(); i++) {
            String label = all[i].label(windows);
            if (!label.equals(filter.getItem(i))) {
                filter.setItem(i, label);
            }
        }
    }

    /** The expiry windows this part colours by (from the workstation's preferences). */
    public ExpiryWindows expiryWindows() {
        return windows;
    }

    /** Reloads the medicine list (in a job) and then the selected medicine's batches. */
    public void refresh() {
        if (search == null || search.isDisposed()) {
            return;
        }
        ClinicQueries q = queries;
        if (q == null) {
            say("The clinic data service is not running; the stock cannot be shown.");
            return;
        }
        Session s = session;
        if (s == null) {
            say("Nobody is logged in: the stock is shown to a signed-in user.");
            loads++;
            return;
        }
        Actor actor = s.actor();
        String text = searchText(search.getText());
        ClinicClock c = clock;
        windows = WorkstationPreferences.expiryWindows();
        int watch = windows.watchDays();
        updateFilterLabels();
        int generation = ++loadGeneration;
        // an empty list shows its first page while the rest loads: on a cold store all batches take seconds to read
        boolean firstPage = allRows.isEmpty();
        background("Loading medicines", () -> {
            LocalDate day = c == null ? LocalDate.now() : c.today();
            LocalDate watched = day.plusDays(watch + 1);
            try {
                if (firstPage) {
                    List<MedicineRow> page = rows(q.medicines(actor, text, FIRST_PAGE), watched);
                    if (page.size() < FIRST_PAGE) {
                        ui(() -> loaded(day, page));
                        return;
                    }
                    ui(() -> loadedPage(generation, day, page));
                }
                List<MedicineRow> rows = rows(q.medicines(actor, text, ClinicQueries.MAX_LIMIT), watched);
                ui(() -> loaded(day, rows));
            } catch (RuntimeException e) {
                ui(() -> {
                    say(ErrorMessages.of(e));
                    loads++;
                });
            }
        });
    }

    /** The list's rows: each medicine with its first expiry when that falls before the end of the watched window. */
    private static List<MedicineRow> rows(List<MedicineStock> found, LocalDate watchedUntil) {
        List<MedicineRow> rows = new ArrayList<>(found.size());
        for (MedicineStock m : found) {
            LocalDate first = m.firstExpiry();
            rows.add(new MedicineRow(m, first != null && first.isBefore(watchedUntil) ? first : null));
        }
        return rows;
    }

    /** What to search for: a scanned GS1 code searches by its GTIN, anything else as typed. */
    static String searchText(String typed) {
        String t = typed == null ? "" : typed.trim();
        if (t.startsWith("]") || t.startsWith("(") || t.indexOf(Gs1Parser.GS) >= 0 || (t.startsWith("01") && t.length() > 16)) {
            try {
                Gs1Data d = new Gs1Parser(LocalDate.now()).parse(t);
                if (d.gtin() != null) {
                    return d.gtin();
                }
            } catch (Gs1FormatException e) {
                // not a scan after all: search for the text
            }
        }
        return t.isEmpty() ? null : t;
    }

    /** The first page of a load, unless a later load or this load's complete list came first. */
    private void loadedPage(int generation, LocalDate day, List<MedicineRow> rows) {
        if (generation != loadGeneration || !allRows.isEmpty()) {
            return;
        }
        today = day;
        allRows = rows;
        partial = true;
        applyFilter();
        report();
    }

    private void loaded(LocalDate day, List<MedicineRow> rows) {
        today = day;
        allRows = rows;
        partial = false;
        applyFilter();
        loads++;
        report();
        if (!reportedComplete && Boolean.getBoolean(REPORT_READY)) {
            reportedComplete = true;
            ui(() -> {
                System.out.println("Salus medicine list complete: " + allRows.size() + " medicines");
                System.out.flush();
            });
        }
        if (selected != null) {
            String id = selected.medicine().getId();
            selected = rows.stream().filter(r -> r.medicine().getId().equals(id)).findFirst().orElse(null);
            loadBatches();
        }
    }

    /** For benchmarks/run ui: the first rows are on the screen (painted, so the lazy rows carry their text). */
    private void report() {
        if (reported || !Boolean.getBoolean(REPORT_READY)) {
            return;
        }
        reported = true;
        ui(() -> {
            Table table = medicines.getTable();
            table.update();
            String first = table.getItemCount() == 0 ? "" : table.getItem(table.getTopIndex()).getText(0);
            System.out.println("Salus medicine list ready: " + shown.size() + " rows shown" + (first.isEmpty() ? "" : ", the first " + first));
            System.out.flush();
        });
    }

    private void applyFilter() {
        StockFilter f = StockFilter.values()[Math.max(0, filter.getSelectionIndex())];
        List<MedicineRow> rows = new ArrayList<>();
        long low = 0;
        long expiring = 0;
        for (MedicineRow r : allRows) {
            if (r.low()) {
                low++;
            }
            if (ExpiryClass.of(r.earliestExpiry(), today, windows) != ExpiryClass.LATER) {
                expiring++;
            }
            if (f.accepts(r, today, windows)) {
                rows.add(r);
            }
        }
        shown = Collections.unmodifiableList(rows);
        medicines.setItemCount(rows.size());
        medicines.refresh();
        summary.setText(partial ? "The first " + allRows.size() + " medicines by name; loading the others..."
                : allRows.size() + " medicines  |  " + low + " low  |  " + expiring + " with batches expiring within " + windows.watchDays() + " days"
                        + (f == StockFilter.ALL ? "" : "  |  showing " + rows.size()));
        summary.getParent().layout(true);
        if (selected != null) {
            int index = indexOf(selected.medicine().getId());
            if (index >= 0) {
                medicines.getTable().setSelection(index);
            }
        }
    }

    private void loadBatches() {
        MedicineRow row = selected;
        ClinicQueries q = queries;
        Session s = session;
        selectedBatch = null;
        updateActions();
        if (row == null || q == null || s == null) {
            selectedBatches = List.of();
            batches.setInput(selectedBatches);
            batchTitle.setText("Select a medicine to see its batches.");
            batchLoads++;
            return;
        }
        background("Loading batches", () -> {
            try {
                List<StockBatch> found = q.batchesOf(s.actor(), row.medicine().getId());
                ui(() -> {
                    if (selected == row || (selected != null && selected.medicine().getId().equals(row.medicine().getId()))) {
                        selectedBatches = found;
                        batches.setInput(found);
                        batchTitle.setText("Batches of " + row.label() + " (first to expire first): " + found.size());
                    }
                    batchLoads++;
                });
            } catch (RuntimeException e) {
                ui(() -> {
                    say(ErrorMessages.of(e));
                    batchLoads++;
                });
            }
        });
    }

    private int indexOf(String medicineId) {
        for (int i = 0; i < shown.size(); i++) {
            if (shown.get(i).medicine().getId().equals(medicineId)) {
                return i;
            }
        }
        return -1;
    }

    // ---- actions ----

    /**
     * Opens the receive dialog (not blocking), filled from a scan when one is given; the list reloads once stock is
     * received.
     */
    public ReceiveDialog openReceive(String scan) {
        return open(Permissions.STOCK_RECEIVE, () -> new ReceiveDialog(shell(), commands, queries, today, session, selected == null ? null : selected.medicine()),
                d -> {
                    if (scan != null) {
                        d.scan(scan);
                    }
                }, ReceiveDialog::result);
    }

    /** Opens the dispense dialog for the selected medicine (not blocking). */
    public DispenseDialog openDispense() {
        if (selected == null) {
            say("Select the medicine to dispense first.");
            return null;
        }
        List<StockBatch> known = selectedBatches;
        return open(Permissions.STOCK_DISPENSE, () -> new DispenseDialog(shell(), commands, today, session, selected.medicine(), known), d -> {
        }, DispenseDialog::result);
    }

    /** Opens the adjustment of the selected batch (not blocking). */
    public BatchDialog openAdjust() {
        return openBatch(BatchDialog.Kind.ADJUST, Permissions.STOCK_ADJUST);
    }

    /** Opens the write-off of the selected expired batch (not blocking). */
    public BatchDialog openWriteOff() {
        return openBatch(BatchDialog.Kind.WRITE_OFF, Permissions.STOCK_WRITE_OFF);
    }

    /** Opens the transfer of the selected batch (not blocking). */
    public BatchDialog openTransfer() {
        return openBatch(BatchDialog.Kind.TRANSFER, Permissions.STOCK_TRANSFER);
    }

    private BatchDialog openBatch(BatchDialog.Kind kind, String permission) {
        if (selectedBatch == null || selected == null) {
            say("Select a batch first.");
            return null;
        }
        StockBatch batch = selectedBatch;
        String name = selected.label();
        return open(permission, () -> new BatchDialog(shell(), commands, session, kind, batch, name, today), d -> {
        }, BatchDialog::result);
    }

    private <D extends org.eclipse.jface.dialogs.Dialog> D open(String permission, Supplier<D> make, Consumer<D> prepare,
            Function<D, String> result) {
        Session s = session;
        if (commands == null || s == null) {
            say("Nobody is logged in, or the clinic data service is not running: nothing can be recorded.");
            return null;
        }
        if (!s.grants(permission)) {
            say("Your roles do not allow " + ErrorMessages.words(permission) + ".");
            return null;
        }
        D dialog = make.get();
        dialog.setBlockOnOpen(false);
        dialog.create();
        prepare.accept(dialog);
        dialog.getShell().addDisposeListener(e -> {
            String done = result.apply(dialog);
            if (done != null) {
                say(done);
                refresh();
            }
        });
        dialog.open();
        return dialog;
    }

    // ---- state for handlers and tests ----

    /** Selects a medicine of the list by id (reloading its batches). */
    public boolean select(String medicineId) {
        int index = indexOf(medicineId);
        if (index < 0) {
            return false;
        }
        selected = shown.get(index);
        medicines.getTable().setSelection(index);
        loadBatches();
        return true;
    }

    /** Selects a batch of the selected medicine by lot. */
    public boolean selectBatch(String lot) {
        for (StockBatch b : selectedBatches) {
            if (b.getLot().equals(lot)) {
                selectedBatch = b;
                batches.setSelection(new org.eclipse.jface.viewers.StructuredSelection(b), true);
                updateActions();
                return true;
            }
        }
        return false;
    }

    /** The rows the list shows now, in order. */
    public List<MedicineRow> shownRows() {
        return shown;
    }

    /** The selected medicine's batches as shown. */
    public List<StockBatch> shownBatches() {
        return selectedBatches;
    }

    /** How many medicine loads have finished (tests wait on it). */
    public int loadCount() {
        return loads;
    }

    /** How many batch loads have finished (tests wait on it). */
    public int batchLoadCount() {
        return batchLoads;
    }

    /** The background colour the screens give an expiry class (null for none). */
    public Color colour(ExpiryClass c) {
        return switch (c) {
            case EXPIRED -> expiredColor;
            case WITHIN_30_DAYS -> soonColor;
            case WITHIN_90_DAYS -> watchColor;
            case LATER -> null;
        };
    }

    // ---- helpers ----

    private String stockWords(MedicineRow r) {
        String s = r.low() ? (r.stock().usable() == 0 ? "out of stock" : "low") : "ok";
        return r.medicine().isCritical() ? s + " (critical)" : s;
    }

    private String expiryWords(LocalDate expiry) {
        if (expiry == null) {
            return "";
        }
        ExpiryClass c = ExpiryClass.of(expiry, today, windows);
        return expiry + (c == ExpiryClass.LATER ? "" : " (" + c.words(windows) + ")");
    }

    private String daysLeft(LocalDate expiry) {
        return expiry == null ? "" : String.valueOf(ChronoUnit.DAYS.between(today, expiry));
    }

    private Shell shell() {
        return search.getShell();
    }

    private void say(String text) {
        if (message != null && !message.isDisposed()) {
            message.setText(text);
            message.getParent().layout(true);
        }
    }

    private void background(String name, Runnable work) {
        Job job = new Job(name) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                work.run();
                return Status.OK_STATUS;
            }
        };
        job.setSystem(true);
        job.schedule();
    }

    private void ui(Runnable r) {
        if (display != null && !display.isDisposed()) {
            display.asyncExec(() -> {
                if (!search.isDisposed()) {
                    r.run();
                }
            });
        }
    }

    @Focus
    public void setFocus() {
        search.setFocus();
    }

    @PreDestroy
    void dispose() {
        WorkstationPreferences.node().removePreferenceChangeListener(windowsChanged);
        for (Color c : new Color[] {expiredColor, soonColor, watchColor, lowColor}) {
            if (c != null) {
                c.dispose();
            }
        }
    }

    /** For tests: a control of this part. */
    public Control control() {
        return search.getParent().getParent();
    }
}
