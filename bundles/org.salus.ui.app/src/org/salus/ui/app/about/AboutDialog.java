package org.salus.ui.app.about;

import java.util.List;
import java.util.function.Function;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.salus.core.platform.BundleSummary;
import org.salus.core.platform.PlatformInfo;

/** About Salus: the release, the OSGi framework, and every installed bundle with its version and state. */
public class AboutDialog extends Dialog {

    /** Key under which widgets carry a stable id for tests. */
    public static final String TEST_ID = "org.salus.testid";

    private final PlatformInfo platform;
    private TableViewer bundles;

    public AboutDialog(Shell parent, PlatformInfo platform) {
        super(parent);
        this.platform = platform;
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("About Salus");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        area.setLayout(new GridLayout(1, false));
        Label title = new Label(area, SWT.NONE);
        title.setData(TEST_ID, "about.title");
        if (platform == null) {
            title.setText("Salus: the platform service is not running, so the bundle list is not available.");
            return area;
        }
        title.setText("Salus " + platform.salusVersion() + " on " + platform.frameworkName() + " " + platform.frameworkVersion()
                + " (" + platform.activeBundleCount() + " bundles active)");

        bundles = new TableViewer(area, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL);
        bundles.getTable().setData(TEST_ID, "about.bundles");
        bundles.getTable().setHeaderVisible(true);
        bundles.getTable().setLinesVisible(true);
        GridData grid = new GridData(SWT.FILL, SWT.FILL, true, true);
        grid.widthHint = 760;
        grid.heightHint = 360;
        bundles.getTable().setLayoutData(grid);
        column("Id", 50, b -> Long.toString(b.id()));
        column("Bundle", 330, BundleSummary::symbolicName);
        column("Version", 240, BundleSummary::version);
        column("State", 90, b -> b.state().name());
        bundles.setContentProvider(ArrayContentProvider.getInstance());
        List<BundleSummary> rows = platform.bundles();
        bundles.setInput(rows);
        return area;
    }

    private void column(String title, int width, Function<BundleSummary, String> text) {
        TableViewerColumn col = new TableViewerColumn(bundles, SWT.NONE);
        col.getColumn().setText(title);
        col.getColumn().setWidth(width);
        col.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((BundleSummary) element);
            }
        });
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, IDialogConstants.CLOSE_LABEL, true);
    }
}
