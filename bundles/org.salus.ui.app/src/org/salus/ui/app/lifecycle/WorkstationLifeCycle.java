package org.salus.ui.app.lifecycle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.IWorkbench;
import org.eclipse.e4.ui.workbench.lifecycle.PostContextCreate;
import org.eclipse.e4.ui.workbench.lifecycle.ProcessRemovals;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.service.datalocation.Location;
import org.eclipse.swt.widgets.Display;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.salus.security.Session;
import org.salus.ui.app.session.SignIn;

/**
 * Starts the workstation: points the clinic store at the instance location, then asks who is working before the main
 * window opens. The session goes into the application context; without one the workstation closes again.
 */
public class WorkstationLifeCycle {

    private static final System.Logger LOG = System.getLogger(WorkstationLifeCycle.class.getName());
    private static final long SERVICE_WAIT_SECONDS = 30;

    private boolean signedIn;

    @PostContextCreate
    void postContextCreate(IEclipseContext context) {
        BundleContext bundles = FrameworkUtil.getBundle(getClass()).getBundleContext();
        try {
            configureStore(bundles);
        } catch (IOException | RuntimeException e) {
            MessageDialog.openError(null, "Salus", "The clinic store cannot be set up in the workstation's data folder: " + e.getMessage());
            return;
        }
        SignIn signIn = await(bundles, SignIn.class);
        if (signIn == null) {
            MessageDialog.openError(null, "Salus", "Salus cannot ask who you are: the login component is not running, so the"
                    + " workstation stays closed. Reinstall the workstation or call your administrator.");
            return;
        }
        Optional<Session> session = signIn.signIn(null);
        if (session.isPresent()) {
            context.set(Session.class, session.get());
            signedIn = true;
        }
    }

    /** Nobody logged in: no window is drawn and the workbench closes as soon as it runs. */
    @ProcessRemovals
    void processRemovals(MApplication application) {
        if (signedIn) {
            return;
        }
        for (MWindow window : application.getChildren()) {
            window.setToBeRendered(false);
        }
        Display.getDefault().asyncExec(() -> {
            IWorkbench workbench = application.getContext().get(IWorkbench.class);
            if (workbench != null) {
                workbench.close();
            }
        });
    }

    private static void configureStore(BundleContext bundles) throws IOException {
        Location instance = awaitInstanceLocation(bundles);
        if (instance == null || instance.getURL() == null) {
            throw new IOException("no instance location is set (start the workstation with -data <folder>)");
        }
        ConfigurationAdmin admin = await(bundles, ConfigurationAdmin.class);
        if (admin == null) {
            throw new IOException("the configuration service (ConfigAdmin) is not running");
        }
        Path folder = StoreLocation.folder(instance.getURL());
        StoreLocation.Outcome outcome = StoreLocation.configure(admin, folder);
        LOG.log(System.Logger.Level.INFO, "Clinic store " + StoreLocation.storePath(folder) + ": " + outcome);
    }

    private static Location awaitInstanceLocation(BundleContext bundles) {
        try {
            ServiceTracker<Location, Location> tracker = new ServiceTracker<>(bundles, bundles.createFilter(Location.INSTANCE_FILTER), null);
            return waitFor(tracker);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(BundleContext bundles, Class<T> type) {
        return waitFor(new ServiceTracker<>(bundles, type, null));
    }

    /** Waits for a service; the tracker stays open so the service is not released while the workstation uses it. */
    private static <T> T waitFor(ServiceTracker<T, T> tracker) {
        tracker.open();
        try {
            return tracker.waitForService(TimeUnit.SECONDS.toMillis(SERVICE_WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
