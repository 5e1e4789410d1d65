package org.salus.ui.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MPartStack;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * The audit trail is a plugin: stopping its bundle while the workstation runs takes the Audit part out of the window,
 * starting it again brings the part back, working, without a restart. The workbench is the workstation's own: its
 * application model, assembled by the E4 model assembler from the UI bundles, rendered by the SWT renderer.
 */
class AuditPluginRemovalTest {

    private static final String AUDIT_BUNDLE = "org.salus.ui.audit";
    private static final String AUDIT_PART = "org.salus.ui.audit.part";

    private static Clinic clinic;
    private static Window window;
    private static MApplication application;
    private static EModelService models;

    @BeforeAll
    static void workstation() throws Exception {
        clinic = Clinic.fresh("audit-plugin");
        clinic.staff("auditor", "auditor");
        window = Window.open(clinic.login("auditor"));
        application = window.application;
        models = window.models;
    }

    @AfterAll
    static void close() throws Exception {
        if (window != null) {
            window.close();
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
        assertNull(Ui.find(shell(), "audit.table", Table.class), "no audit table in the window");
        assertNotNull(models.find("org.salus.ui.stock.part", application), "the other plugins stay");

        audit.start(Bundle.START_ACTIVATION_POLICY);
        Ui.waitUntil("the Audit part to come back", () -> models.find(AUDIT_PART, application) != null);
        MPart back = showAuditPart();
        assertTrue(back.getObject() != part.getObject(), "a new Audit part was made");
    }

    /** Selects the Audit tab and waits for the trail to show the clinic's operations. */
    private static MPart showAuditPart() {
        MPart part = window.show(AUDIT_PART);
        assertEquals("org.salus.ui.audit.AuditPart", part.getObject().getClass().getName());
        Ui.waitUntil("the audit trail in the window", () -> {
            Table t = Ui.find(shell(), "audit.table", Table.class);
            return t != null && Ui.showing(t) && t.getItemCount() > 0;
        });
        return part;
    }

    private static MPartStack stack() {
        return window.stack();
    }

    private static Shell shell() {
        return window.shell();
    }

    private static Bundle bundle() {
        for (Bundle b : Services.context().getBundles()) {
            if (AUDIT_BUNDLE.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no " + AUDIT_BUNDLE + " bundle");
    }
}
