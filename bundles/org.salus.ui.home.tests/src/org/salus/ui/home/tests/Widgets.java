package org.salus.ui.home.tests;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;

/** Finds widgets by the test id they carry, as SWTBot would (SWTBot is not on Maven Central). */
final class Widgets {

    static final String TEST_ID = "org.salus.testid";

    private Widgets() {
    }

    static <T extends Control> T byTestId(Composite root, String id, Class<T> type) {
        T found = find(root, id, type);
        if (found == null) {
            throw new AssertionError("no " + type.getSimpleName() + " with test id '" + id + "'");
        }
        return found;
    }

    private static <T extends Control> T find(Control c, String id, Class<T> type) {
        if (id.equals(c.getData(TEST_ID)) && type.isInstance(c)) {
            return type.cast(c);
        }
        if (c instanceof Composite comp) {
            for (Control child : comp.getChildren()) {
                T t = find(child, id, type);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }
}
