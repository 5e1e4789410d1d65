package org.salus.ui.app.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.ui.internal.workbench.E4Workbench;
import org.eclipse.e4.ui.internal.workbench.swt.E4Application;
import org.eclipse.e4.ui.internal.workbench.swt.PartRenderingEngine;
import org.eclipse.e4.ui.internal.workbench.swt.ResourceUtility;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MPartStack;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.IPresentationEngine;
import org.eclipse.e4.ui.workbench.IResourceUtilities;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.e4.ui.workbench.modeling.EPartService.PartState;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.salus.security.Session;

/**
 * The workstation's own window: its application model, assembled by the E4 model assembler from the UI bundles (and
 * from plugins as they come and go), its addons, rendered by the SWT renderer. The test runs the event loop; the
 * session is set in the application context as the login does.
 */
final class Window implements AutoCloseable {

    static final String MAIN_STACK = "org.salus.ui.app.partstack.main";

    final E4Workbench workbench;
    final MApplication application;
    final EModelService models;

    private Window(E4Workbench workbench) {
        this.workbench = workbench;
        this.application = workbench.getApplication();
        this.models = application.getContext().get(EModelService.class);
    }

    /** Creates and renders the workstation's window for a session (no login lifecycle: the test logs in). */
    static Window open(Session session) {
        E4Workbench workbench = new E4Application().createE4Workbench(new Arguments("-applicationXMI", "org.salus.ui.app/Application.e4xmi",
                "-clearPersistedState", "true", "-persistState", "false"), Ui.display());
        assertNotNull(workbench, "the workbench was created");
        Window w = new Window(workbench);
        IEclipseContext context = w.application.getContext();
        context.set(Session.class, session);

        // what createAndRunUI and the renderer's run do before they take over the event loop: the test runs the loop
        workbench.instantiateRenderer();
        IPresentationEngine engine = context.get(IPresentationEngine.class);
        PartRenderingEngine.initializeStyling(Ui.display(), context);
        context.set(IResourceUtilities.class, new ResourceUtility());
        engine.createGui(w.application.getChildren().get(0));
        Ui.drain();
        return w;
    }

    /** Another user at the workstation: the session in the application context, as the login and the lock screen set it. */
    void session(Session session) {
        application.getContext().set(Session.class, session);
        Ui.drain();
    }

    /** A part of the model, or null when no bundle contributes it now. */
    MPart part(String id) {
        return (MPart) models.find(id, application);
    }

    MPartStack stack() {
        return (MPartStack) models.find(MAIN_STACK, application);
    }

    Shell shell() {
        return (Shell) application.getChildren().get(0).getWidget();
    }

    /** Selects a part's tab and waits until its object and widgets are made. */
    MPart show(String id) {
        MPart part = part(id);
        assertNotNull(part, id + " is in the model");
        assertTrue(stack().getChildren().contains(part), id + " is a tab of the main part stack");
        assertTrue(part.isToBeRendered(), id + " is shown to this session");
        MWindow window = application.getChildren().get(0);
        window.getContext().get(EPartService.class).showPart(part, PartState.ACTIVATE);
        Ui.waitUntil(id + " to be rendered", () -> part.getObject() != null && part.getWidget() instanceof Control);
        return part;
    }

    @Override
    public void close() {
        for (MWindow w : List.copyOf(application.getChildren())) {
            if (w.getWidget() instanceof Shell s && !s.isDisposed()) {
                s.dispose();
            }
        }
    }

    /** The application's command line, as the launcher hands it to an application. */
    private record Arguments(String... args) implements IApplicationContext {
        @Override
        public Map<String, Object> getArguments() {
            return Map.of(IApplicationContext.APPLICATION_ARGS, args);
        }

        @Override
        public void applicationRunning() {
        }

        @Override
        public String getBrandingApplication() {
            return null;
        }

        @Override
        public String getBrandingName() {
            return "Salus";
        }

        @Override
        public String getBrandingDescription() {
            return null;
        }

        @Override
        public String getBrandingId() {
            return null;
        }

        @Override
        public String getBrandingProperty(String key) {
            return null;
        }

        @Override
        public org.osgi.framework.Bundle getBrandingBundle() {
            return null;
        }

        @Override
        public void setResult(Object result, IApplication application) {
        }
    }
}
