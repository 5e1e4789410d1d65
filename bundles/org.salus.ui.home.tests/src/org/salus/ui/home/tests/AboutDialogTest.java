package org.salus.ui.home.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.salus.core.platform.PlatformInfo;
import org.salus.ui.app.about.AboutDialog;

/** The About dialog lists every installed bundle with its version and state. */
class AboutDialogTest {

    @Test
    void listsEveryInstalledBundleWithVersionAndState() throws Exception {
        PlatformInfo platform = Services.await(PlatformInfo.class);
        Shell parent = new Shell(Display.getDefault());
        AboutDialog dialog = new AboutDialog(parent, platform);
        dialog.setBlockOnOpen(false);
        try {
            dialog.open();
            Shell shell = dialog.getShell();
            assertEquals("About Salus", shell.getText());
            assertTrue(Widgets.byTestId(shell, "about.title", Label.class).getText().startsWith("Salus " + platform.salusVersion()));

            Table table = Widgets.byTestId(shell, "about.bundles", Table.class);
            Bundle[] installed = Services.context().getBundles();
            assertEquals(installed.length, table.getItemCount());
            TableItem core = row(table, "org.salus.core");
            Bundle coreBundle = HomePartTest.Platform.bundle("org.salus.core");
            assertEquals(coreBundle.getVersion().toString(), core.getText(2));
            assertEquals("ACTIVE", core.getText(3));
            assertEquals("0", table.getItem(0).getText(0));
            assertEquals("org.eclipse.osgi", table.getItem(0).getText(1));
        } finally {
            dialog.close();
            parent.dispose();
        }
    }

    private static TableItem row(Table table, String symbolicName) {
        for (TableItem item : table.getItems()) {
            if (symbolicName.equals(item.getText(1))) {
                return item;
            }
        }
        throw new AssertionError(symbolicName + " not listed");
    }
}
