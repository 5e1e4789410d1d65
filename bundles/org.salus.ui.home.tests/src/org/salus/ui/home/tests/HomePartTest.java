package org.salus.ui.home.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.EclipseContextFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.salus.core.platform.PlatformInfo;
import org.salus.ui.home.HomePart;

/** Opens the Home part in a real SWT shell, with its services injected by E4 from the running framework. */
class HomePartTest {

    private Display display;
    private Shell shell;
    private IEclipseContext context;

    @BeforeEach
    void openShell() {
        display = Display.getDefault();
        shell = new Shell(display);
        context = EclipseContextFactory.getServiceContext(Services.context()).createChild("home-part-test");
        context.set(Composite.class, shell);
    }

    @AfterEach
    void close() {
        context.dispose();
        shell.dispose();
    }

    @Test
    void homePartShowsVersionFrameworkAndActiveBundlesFromThePlatformService() throws Exception {
        PlatformInfo platform = Services.await(PlatformInfo.class);
        ContextInjectionFactory.make(HomePart.class, context);
        shell.layout(true, true);
        shell.open();
        drainEvents();

        Bundle core = FrameworkUtil.getBundle(PlatformInfo.class);
        String release = core.getVersion().getMajor() + "." + core.getVersion().getMinor() + "." + core.getVersion().getMicro();
        assertEquals("Version: Salus " + release, text("home.version"));
        assertEquals("Framework: org.eclipse.osgi " + Services.context().getBundle(0).getVersion(), text("home.framework"));

        String bundles = text("home.bundles");
        assertTrue(bundles.startsWith("Active bundles: "), bundles);
        int shown = Integer.parseInt(bundles.substring("Active bundles: ".length()));
        long active = java.util.Arrays.stream(Services.context().getBundles()).filter(b -> b.getState() == Bundle.ACTIVE).count();
        assertTrue(shown > 5 && Math.abs(shown - active) <= 2, "shown " + shown + ", framework says " + active);
        assertEquals(platform.salusVersion(), release);
        assertTrue(text("home.today").startsWith("Today: "), text("home.today"));
    }

    @Test
    void homePartIsContributedToTheMainPartStackByItsFragment() throws Exception {
        Bundle home = FrameworkUtil.getBundle(HomePart.class);
        String fragment = read(home, "fragment.e4xmi");
        assertTrue(fragment.contains("parentElementId=\"org.salus.ui.app.partstack.main\""), fragment);
        assertTrue(fragment.contains("bundleclass://org.salus.ui.home/org.salus.ui.home.HomePart"), fragment);
        Bundle app = Platform.bundle("org.salus.ui.app");
        assertTrue(read(app, "Application.e4xmi").contains("elementId=\"org.salus.ui.app.partstack.main\""));
        assertTrue(read(home, "plugin.xml").contains("uri=\"fragment.e4xmi\""));
    }

    private String text(String testId) {
        return Widgets.byTestId(shell, testId, Label.class).getText();
    }

    private void drainEvents() {
        while (display.readAndDispatch()) {
            // let asyncExec refreshes run
        }
    }

    private static String read(Bundle b, String path) throws Exception {
        try (InputStream in = b.getEntry(path).openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Looks bundles up by name in the running framework. */
    static final class Platform {
        static Bundle bundle(String symbolicName) {
            for (Bundle b : Services.context().getBundles()) {
                if (symbolicName.equals(b.getSymbolicName())) {
                    return b;
                }
            }
            throw new AssertionError("bundle " + symbolicName + " is not installed");
        }
    }
}
