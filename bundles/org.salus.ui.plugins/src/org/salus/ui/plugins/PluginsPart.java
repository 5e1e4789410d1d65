package org.salus.ui.plugins;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.salus.core.plugin.PluginRecords;
import org.salus.plugins.AvailablePlugin;
import org.salus.plugins.InstalledBundle;
import org.salus.plugins.PluginException;
import org.salus.plugins.PluginManager;
import org.salus.security.RoleInfo;
import org.salus.security.Session;
import org.salus.security.UserAdministration;
import org.salus.ui.app.errors.ErrorMessages;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The bundles of this workstation, for an administrator: each with its version, state and where it came from; the
 * permissions the installed plugins declare and the roles that hold them; the plugins the hub offers; install from the
 * hub or from a file, update, remove. The plugin manager checks the signature, what the plugin needs, the permission,
 * and records every act; this part only asks it, in jobs.
 */
public class PluginsPart {

    /** The part's id in the application model. */
    public static final String ID = "org.salus.ui.plugins.plugins";
    /** Key under which widgets carry a stable id for tests. */
    public static final String TEST_ID = "org.salus.testid";

    private volatile PluginManager manager;
    private volatile PluginRecords records;
    private volatile UserAdministration users;
    private volatile Session session;

    private Display display;
    private TableViewer installed;
    private TableViewer offered;
    private TableViewer permissions;
    private Text hub;
    private Label message;
    private Button update;
    private Button uninstall;
    private Button installFromHub;
    private List<InstalledBundle> shownInstalled = List.of();
    private List<AvailablePlugin> shownOffered = List.of();
    private List<DeclaredPermission> shownPermissions = List.of();
    private volatile int loads;

    @Inject
    void setManager(@Optional @Service PluginManager m) {
        manager = m;
        refreshLater();
    }

    @Inject
    void setRecords(@Optional @Service PluginRecords r) {
        records = r;
        refreshLater();
    }

    @Inject
    void setUsers(@Optional @Service UserAdministration u) {
        users = u;
        refreshLater();
    }

    @Inject
    void setSession(@Optional Session s) {
        session = s;
        refreshLater();
    }

    @PostConstruct
    public void createControls(Composite parent) {
        display = parent.getDisplay();
        parent.setLayout(new GridLayout(1, false));

        Composite actions = new Composite(parent, SWT.NONE);
        actions.setLayout(new GridLayout(5, false));
        button(actions, "plugins.installFile", "Install from file...", () -> fromFile(false));
        update = button(actions, "plugins.update", "Update selected from hub", this::updateFromHub);
        button(actions, "plugins.updateFile", "Update from file...", () -> fromFile(true));
        uninstall = button(actions, "plugins.uninstall", "Remove", this::uninstallSelected);
        button(actions, "plugins.refresh", "Refresh", this::refresh);

        installed = table(parent, "plugins.installed", 3);
        column(installed, "Name", 220, b -> ((InstalledBundle) b).name());
        column(installed, "Symbolic name", 240, b -> ((InstalledBundle) b).symbolicName());
        column(installed, "Version", 110, b -> ((InstalledBundle) b).version());
        column(installed, "State", 90, b -> ((InstalledBundle) b).state().name().toLowerCase());
        column(installed, "Source", 240, b -> source((InstalledBundle) b));
        installed.addSelectionChangedListener(e -> updateButtons());

        new Label(parent, SWT.NONE).setText("Permissions that installed plugins declare (an administrator grants them to roles):");
        permissions = table(parent, "plugins.permissions", 1);
        column(permissions, "Permission", 220, p -> ((DeclaredPermission) p).permission());
        column(permissions, "Needed for", 240, p -> String.join(", ", ((DeclaredPermission) p).entityTypes()));
        column(permissions, "Roles that hold it", 340, p -> ((DeclaredPermission) p).roles().isEmpty() ? "none yet"
                : String.join(", ", ((DeclaredPermission) p).roles()));

        Composite hubRow = new Composite(parent, SWT.NONE);
        hubRow.setLayout(new GridLayout(4, false));
        hubRow.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        new Label(hubRow, SWT.NONE).setText("Hub repository:");
        hub = new Text(hubRow, SWT.BORDER);
        hub.setData(TEST_ID, "plugins.hub");
        hub.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        button(hubRow, "plugins.showHub", "Show the hub's plugins", this::loadOffered);
        installFromHub = button(hubRow, "plugins.installHub", "Install from hub", this::installFromHub);

        offered = table(parent, "plugins.offered", 1);
        column(offered, "Symbolic name", 240, p -> ((AvailablePlugin) p).symbolicName());
        column(offered, "Version", 110, p -> ((AvailablePlugin) p).version());
        column(offered, "Size", 90, p -> ((AvailablePlugin) p).size() / 1024 + " KiB");
        column(offered, "Here", 200, p -> here((AvailablePlugin) p));
        offered.addSelectionChangedListener(e -> updateButtons());

        message = new Label(parent, SWT.WRAP);
        message.setData(TEST_ID, "plugins.message");
        message.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        updateButtons();
        refresh();
    }

    /** Reloads the installed bundles in a job. */
    public void refresh() {
        PluginManager m = manager;
        Session s = session;
        if (installed == null || installed.getTable().isDisposed() || m == null || s == null) {
            return;
        }
        if (hub.getText().isBlank()) {
            m.hubRepository().ifPresent(u -> hub.setText(u.toString()));
        }
        background("Loading bundles", () -> {
            try {
                List<InstalledBundle> found = m.list(s.actor());
                List<DeclaredPermission> declared = declaredPermissions(s);
                ui(() -> {
                    shownInstalled = found;
                    installed.setInput(found);
                    shownPermissions = declared;
                    permissions.setInput(declared);
                    offered.refresh();
                    updateButtons();
                    loads++;
                });
            } catch (RuntimeException e) {
                ui(() -> {
                    say(words(e));
                    loads++;
                });
            }
        });
    }

    /** What the installed plugins declare, each permission with the clinic's roles that hold it (read by the caller's rights). */
    private List<DeclaredPermission> declaredPermissions(Session s) {
        PluginRecords r = records;
        if (r == null) {
            return List.of();
        }
        Map<String, SortedSet<String>> declared = r.declaredPermissions();
        if (declared.isEmpty()) {
            return List.of();
        }
        UserAdministration u = users;
        List<RoleInfo> roles = u == null ? List.of() : u.roles(s.actor());
        return declared.entrySet().stream().map(e -> {
            SortedSet<String> holders = new TreeSet<>();
            roles.stream().filter(role -> role.permissions().contains(e.getKey())).forEach(role -> holders.add(role.id()));
            return new DeclaredPermission(e.getKey(), List.copyOf(e.getValue()), List.copyOf(holders));
        }).toList();
    }

    /** A permission an installed plugin declares: the entity types that need it and the roles that hold it now. */
    public record DeclaredPermission(String permission, List<String> entityTypes, List<String> roles) {
    }

    private void loadOffered() {
        URI repository = repository();
        if (repository == null) {
            return;
        }
        act("Reading the hub's plugins", () -> manager.available(session.actor(), repository), found -> {
            shownOffered = found;
            offered.setInput(found);
            updateButtons();
            return found.isEmpty() ? "The hub offers no plugin." : "The hub offers " + found.size() + " plugin version(s).";
        });
    }

    private void installFromHub() {
        AvailablePlugin p = selected(offered, AvailablePlugin.class);
        URI repository = repository();
        if (p == null || repository == null) {
            return;
        }
        boolean present = shownInstalled.stream().anyMatch(b -> b.symbolicName().equals(p.symbolicName()));
        act(present ? "Updating " + p.symbolicName() : "Installing " + p.symbolicName(),
                () -> present ? manager.update(session.actor(), repository, p.symbolicName()) : manager.install(session.actor(), repository, p.symbolicName()),
                b -> b.name() + " " + b.version() + (present ? " is updated and " : " is installed and ") + b.state().name().toLowerCase() + ".");
    }

    private void updateFromHub() {
        InstalledBundle b = selected(installed, InstalledBundle.class);
        URI repository = repository();
        if (b == null || repository == null) {
            return;
        }
        act("Updating " + b.symbolicName(), () -> manager.update(session.actor(), repository, b.symbolicName()),
                u -> u.name() + " is updated to " + u.version() + ".");
    }

    private void fromFile(boolean isUpdate) {
        FileDialog dialog = new FileDialog(installed.getTable().getShell(), SWT.OPEN);
        dialog.setFilterExtensions(new String[] {"*.jar"});
        dialog.setText(isUpdate ? "Update a plugin from a signed jar" : "Install a signed plugin jar");
        String file = dialog.open();
        if (file != null) {
            installFile(Path.of(file), isUpdate);
        }
    }

    /** Installs or updates from a jar file (what the file dialog does). */
    public void installFile(Path jar, boolean isUpdate) {
        act((isUpdate ? "Updating from " : "Installing ") + jar.getFileName(),
                () -> isUpdate ? manager.update(session.actor(), jar) : manager.install(session.actor(), jar),
                b -> b.name() + " " + b.version() + (isUpdate ? " is updated and " : " is installed and ") + b.state().name().toLowerCase() + ".");
    }

    private void uninstallSelected() {
        InstalledBundle b = selected(installed, InstalledBundle.class);
        if (b == null) {
            return;
        }
        act("Removing " + b.symbolicName(), () -> {
            manager.uninstall(session.actor(), b.symbolicName());
            return b;
        }, r -> r.name() + " " + r.version() + " is removed.");
    }

    private <T> void act(String name, Supplier<T> work, Function<T, String> done) {
        if (manager == null || session == null) {
            say("The plugin manager is not running, or nobody is logged in.");
            return;
        }
        say(name + "...");
        background(name, () -> {
            try {
                T result = work.get();
                ui(() -> {
                    say(done.apply(result));
                    refresh();
                });
            } catch (RuntimeException e) {
                ui(() -> {
                    say(words(e));
                    refresh();
                });
            }
        });
    }

    /** A failure in plain words: the plugin manager's own messages say what happened and what was left as it was. */
    static String words(Throwable e) {
        if (e instanceof PluginException) {
            return e.getMessage();
        }
        return ErrorMessages.of(e);
    }

    static String source(InstalledBundle b) {
        return switch (b.origin()) {
            case PRODUCT -> "product";
            case HUB -> "hub" + (b.source() == null ? "" : " (" + b.source() + ")");
            case LOCAL_FILE -> "file" + (b.source() == null ? "" : " (" + b.source() + ")");
        };
    }

    private String here(AvailablePlugin p) {
        return shownInstalled.stream().filter(b -> b.symbolicName().equals(p.symbolicName())).findFirst()
                .map(b -> b.version().equals(p.version()) ? "installed" : "version " + b.version() + " installed").orElse("not installed");
    }

    private URI repository() {
        String text = hub.getText().trim();
        if (text.isEmpty()) {
            say("Type the address of the hub's plugin repository, such as http://hub.clinic.local:8180/plugins/.");
            return null;
        }
        try {
            URI u = URI.create(text);
            if (u.getScheme() == null) {
                throw new IllegalArgumentException("no scheme");
            }
            return u;
        } catch (IllegalArgumentException e) {
            say("'" + text + "' is not an address; it looks like http://hub.clinic.local:8180/plugins/.");
            return null;
        }
    }

    /** The bundles shown now. */
    public List<InstalledBundle> bundles() {
        return shownInstalled;
    }

    /** The permissions the installed plugins declare, as shown now. */
    public List<DeclaredPermission> permissions() {
        return shownPermissions;
    }

    /** The hub's plugins shown now. */
    public List<AvailablePlugin> offered() {
        return shownOffered;
    }

    /** How many loads of the bundle list have finished (tests wait on it). */
    public int loadCount() {
        return loads;
    }

    private <T> T selected(TableViewer viewer, Class<T> type) {
        Object first = ((IStructuredSelection) viewer.getSelection()).getFirstElement();
        return type.isInstance(first) ? type.cast(first) : null;
    }

    private void updateButtons() {
        InstalledBundle b = selected(installed, InstalledBundle.class);
        update.setEnabled(b != null && b.plugin());
        uninstall.setEnabled(b != null && b.plugin());
        AvailablePlugin p = selected(offered, AvailablePlugin.class);
        installFromHub.setEnabled(p != null);
        installFromHub.setText(p != null && shownInstalled.stream().anyMatch(x -> x.symbolicName().equals(p.symbolicName())) ? "Update from hub"
                : "Install from hub");
        installFromHub.getParent().layout(true);
    }

    private static TableViewer table(Composite parent, String testId, int weight) {
        TableViewer t = new TableViewer(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL);
        t.getTable().setData(TEST_ID, testId);
        GridData data = new GridData(SWT.FILL, SWT.FILL, true, true);
        data.heightHint = 80 * weight;
        t.getTable().setLayoutData(data);
        t.getTable().setHeaderVisible(true);
        t.getTable().setLinesVisible(true);
        t.setContentProvider(ArrayContentProvider.getInstance());
        return t;
    }

    private Button button(Composite parent, String testId, String text, Runnable run) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.setData(TEST_ID, testId);
        b.addListener(SWT.Selection, e -> run.run());
        return b;
    }

    private static void column(TableViewer viewer, String title, int width, Function<Object, String> text) {
        TableViewerColumn c = new TableViewerColumn(viewer, SWT.NONE);
        c.getColumn().setText(title);
        c.getColumn().setWidth(width);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply(element);
            }
        });
    }

    private void say(String text) {
        if (message != null && !message.isDisposed()) {
            message.setText(text == null ? "" : text);
            message.getParent().layout(true);
        }
    }

    private void refreshLater() {
        if (display != null && !display.isDisposed()) {
            display.asyncExec(this::refresh);
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
                if (!installed.getTable().isDisposed()) {
                    r.run();
                }
            });
        }
    }

    @Focus
    public void setFocus() {
        installed.getTable().setFocus();
    }
}
