package org.salus.ui.home;

import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.salus.core.platform.ClinicClock;
import org.salus.core.platform.PlatformInfo;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/** The first thing staff see: which Salus this is, what it runs on, and the clinic's date. */
public class HomePart {

    /** Key under which widgets carry a stable id for tests. */
    public static final String TEST_ID = "org.salus.testid";

    private volatile PlatformInfo platform;
    private volatile ClinicClock clock;
    private UISynchronize ui;
    private Label version;
    private Label framework;
    private Label bundles;
    private Label today;
    private Font titleFont;

    @Inject
    void setPlatform(@Optional @Service PlatformInfo platform) {
        this.platform = platform;
        refreshLater();
    }

    @Inject
    void setClock(@Optional @Service ClinicClock clock) {
        this.clock = clock;
        refreshLater();
    }

    @Inject
    void setUi(@Optional UISynchronize ui) {
        this.ui = ui;
    }

    @PostConstruct
    public void createControls(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Label title = new Label(parent, SWT.NONE);
        title.setText("Welcome to Salus");
        FontData fd = title.getFont().getFontData()[0];
        titleFont = new Font(parent.getDisplay(), fd.getName(), fd.getHeight() + 6, SWT.BOLD);
        title.setFont(titleFont);
        version = label(parent, "home.version");
        framework = label(parent, "home.framework");
        bundles = label(parent, "home.bundles");
        today = label(parent, "home.today");
        refresh();
    }

    private static Label label(Composite parent, String testId) {
        Label l = new Label(parent, SWT.NONE);
        l.setData(TEST_ID, testId);
        l.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        return l;
    }

    private void refreshLater() {
        if (version != null && !version.isDisposed()) {
            if (ui != null) {
                ui.asyncExec(this::refresh);
            } else {
                version.getDisplay().asyncExec(this::refresh);
            }
        }
    }

    /** Shows the current facts; also called when the platform service comes or goes. */
    public void refresh() {
        if (version == null || version.isDisposed()) {
            return;
        }
        PlatformInfo p = platform;
        if (p == null) {
            version.setText("Salus platform service not running");
            framework.setText("");
            bundles.setText("");
        } else {
            version.setText("Version: Salus " + p.salusVersion());
            framework.setText("Framework: " + p.frameworkName() + " " + p.frameworkVersion());
            bundles.setText("Active bundles: " + p.activeBundleCount());
        }
        ClinicClock c = clock;
        today.setText(c == null ? "" : "Today: " + c.today().format(DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL)) + " (" + c.zone() + ")");
        version.getParent().layout(true, true);
    }

    @Focus
    public void setFocus() {
        version.setFocus();
    }

    @PreDestroy
    void dispose() {
        if (titleFont != null) {
            titleFont.dispose();
        }
    }
}
