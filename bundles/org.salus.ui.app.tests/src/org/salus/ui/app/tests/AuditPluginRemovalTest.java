package org.salus.ui.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.eclipse.swt.widgets.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.salus.security.Session;

/**
 * The audit trail is a plugin: stopping its bundle while the workstation runs takes the Audit part out of the window,
 * starting it again brings the part back, working, without a restart. The workbench is the workstation's own: its
 * application model, assembled by the E4 model assembler from the UI bundles, rendered by the SWT renderer.
 */
class AuditPluginRemovalTest {

    private static final String AUDIT_BUNDLE = "org.salus.ui.audit";
    private static final String AUDIT_PART = "org.salus.ui.audit.part";
    private static final String MAIN_STACK = "org.salus.ui.app.partstack.main";

    private static Clinic clinic;
    private static E4Workbench workbench;
    private static MApplication application;
    private static EModelService models;

    @BeforeAll
    static void workstation() throws Exception {
        clinic = Clinic.fresh("audit-plugin");
        clinic.staff("auditor", "auditor");
        Session auditor = clinic.login("auditor");

        // the workstation's model, assembled as the product assembles it (no login lifecycle: the test logs in)
        workbench = new E4Application().createE4Workbench(new Arguments("-applicationXMI", "org.salus.ui.app/Application.e4xmi",
                "-clearPersistedState", "true", "-persistState", "false"), Ui.display());
        assertNotNull(workbench, "the workbench was created");
        application = workbench.getApplication();
        IEclipseContext context = application.getContext();
        context.set(Session.class, auditor);
        models = context.get(EModelService.class);

        // what createAndRunUI and the renderer's run do before they take over the event loop: the test runs the loop
        workbench.instantiateRenderer();
        IPresentationEngine engine = context.get(IPresentationEngine.class);
        PartRenderingEngine.initializeStyling(Ui.display(), context);
        context.set(IResourceUtilities.class, new ResourceUtility());
        MWindow window = application.getChildren().get(0);
        engine.createGui(window);
        Ui.drain();
    }

    @AfterAll
    static void close() throws Exception {
        if (application != null) {
            for (MWindow w : List.copyOf(application.getChildren())) {
                if (w.getWidget() instanceof Shell s && !s.isDisposed()) {
                    s.dispose();
                }
            }
        }
        Bundle audit = bundle();
        if ((audit.getState() & (Bundle.STARTING | Bundle.ACTIVE)) == 0) {
            audit.start(Bundle.START_ACTIVATION_POLICY);
        }
        clinic.logout();
    }

    @Test
    void stoppingTheAuditBundleRemovesItsPartAndStartingItBringsThePartBack() throws Exception {
        Bundle audit = bundle();
        assertTrue((audit.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0, "the audit plugin runs: " + audit.getState());
        assertNotNull(audit.getHeaders("").get("Model-Fragment"), "the audit plugin contributes its part through the Model-Fragment header");

        MPart part = showAuditPart();
        assertTrue(models.find("org.salus.ui.stock.part", application) != null, "the other plugins' parts are in the window too");

        audit.stop();
        assertEquals(Bundle.RESOLVED, audit.getState());
        Ui.waitUntil("the Audit part to leave the model", () -> models.find(AUDIT_PART, application) == null);
        assertFalse(stack().getChildren().contains(part), "no Audit tab in the main part stack");
        Control widget = (Control) part.getWidget();
        assertTrue(widget == null || widget.isDisposed(), "the part's widgets are gone from the window");
        assertNull(Ui.find(window(), "audit.table", Table.class), "no audit table in the window");
        assertNotNull(models.find("org.salus.ui.stock.part", application), "the other plugins stay");

        audit.start(Bundle.START_ACTIVATION_POLICY);
        Ui.waitUntil("the Audit part to come back", () -> models.find(AUDIT_PART, application) != null);
        MPart back = showAuditPart();
        assertTrue(back.getObject() != part.getObject(), "a new Audit part was made");
    }

    /** Selects the Audit tab and waits for the trail to show the clinic's operations. */
    private static MPart showAuditPart() {
        MPart part = (MPart) models.find(AUDIT_PART, application);
        assertNotNull(part, "the Audit part is in the model");
        assertTrue(stack().getChildren().contains(part), "the Audit part is a tab of the main part stack");
        assertTrue(part.isToBeRendered(), "the auditor may see the audit trail");
        MWindow window = application.getChildren().get(0);
        window.getContext().get(EPartService.class).showPart(part, PartState.ACTIVATE);
        try {
            Ui.waitUntil("the Audit part to be rendered", () -> part.getObject() != null && part.getWidget() instanceof Control);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": window " + window.getWidget() + ", stack " + stack().getWidget() + " rendered "
                    + stack().isToBeRendered() + " visible " + stack().isVisible() + " selected " + stack().getSelectedElement() + ", part "
                    + part.getWidget() + " " + part.getObject() + " renderer " + part.getRenderer() + " parent " + part.getParent());
        }
        assertEquals("org.salus.ui.audit.AuditPart", part.getObject().getClass().getName());
        Ui.waitUntil("the audit trail in the window", () -> {
            Table t = Ui.find(window(), "audit.table", Table.class);
            return t != null && Ui.showing(t) && t.getItemCount() > 0;
        });
        return part;
    }

    private static MPartStack stack() {
        return (MPartStack) models.find(MAIN_STACK, application);
    }

    private static Shell window() {
        return (Shell) application.getChildren().get(0).getWidget();
    }

    private static Bundle bundle() {
        for (Bundle b : Services.context().getBundles()) {
            if (AUDIT_BUNDLE.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no " + AUDIT_BUNDLE + " bundle");
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
