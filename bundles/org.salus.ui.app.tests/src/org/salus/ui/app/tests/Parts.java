package org.salus.ui.app.tests;

import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.EclipseContextFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Shell;
import org.salus.security.Session;

/** Opens a part in a real shell, its services injected by E4 from the running framework, as the workbench does. */
final class Parts implements AutoCloseable {

    final Shell shell;
    final IEclipseContext context;

    Parts(String name) {
        shell = new Shell(Ui.display());
        shell.setLayout(new FillLayout());
        shell.setSize(1100, 700);
        context = EclipseContextFactory.getServiceContext(Services.context()).createChild(name);
        context.set(Composite.class, shell);
    }

    /** The session the parts see, as the application context holds it after a login. */
    Parts session(Session s) {
        context.set(Session.class, s);
        return this;
    }

    <T> T open(Class<T> part) {
        T p = ContextInjectionFactory.make(part, context);
        shell.layout(true, true);
        shell.open();
        Ui.drain();
        return p;
    }

    @Override
    public void close() {
        context.dispose();
        shell.dispose();
    }
}
