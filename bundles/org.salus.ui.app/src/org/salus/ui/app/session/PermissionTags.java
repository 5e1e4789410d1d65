package org.salus.ui.app.session;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.emf.ecore.EObject;
import org.salus.security.Session;

/**
 * Shows a model element only to sessions that hold a permission it names. An element of any fragment carries a tag
 * {@code salus.permission=stock.*} (a prefix) or {@code salus.permission=audit.read} (exact); several such tags mean
 * any of them. Without a session nothing tagged is shown. This only tidies the screen: the services check every
 * command themselves.
 */
public final class PermissionTags {

    /** The tag prefix. */
    public static final String TAG = "salus.permission=";

    private PermissionTags() {
    }

    /** The permission patterns an element names; empty when it is shown to everybody. */
    public static List<String> patterns(MUIElement element) {
        List<String> patterns = new ArrayList<>();
        for (String tag : element.getTags()) {
            if (tag.startsWith(TAG)) {
                patterns.add(tag.substring(TAG.length()).trim());
            }
        }
        return patterns;
    }

    /** Whether a session may see an element. */
    public static boolean allows(Session session, MUIElement element) {
        List<String> patterns = patterns(element);
        if (patterns.isEmpty()) {
            return true;
        }
        if (session == null) {
            return false;
        }
        for (String pattern : patterns) {
            if (grants(session, pattern)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a session's permissions match a pattern: exact, or {@code prefix.*} for the prefix and anything below it. */
    public static boolean grants(Session session, String pattern) {
        if (session == null) {
            return false;
        }
        if (pattern.endsWith(".*")) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            return session.permissions().stream().anyMatch(p -> p.equals(prefix) || p.startsWith(prefix + "."));
        }
        return session.grants(pattern);
    }

    /**
     * Shows and hides every tagged element of the application model for a session.
     *
     * @return how many tagged elements are hidden now
     */
    public static int apply(MApplication application, Session session) {
        return applyTo(application, session);
    }

    /**
     * Shows and hides every tagged element under a model object (an application, a window, a model fragment).
     *
     * @return how many tagged elements are hidden now
     */
    public static int applyTo(Object model, Session session) {
        int hidden = 0;
        for (MUIElement element : tagged(model)) {
            boolean show = allows(session, element);
            if (element.isToBeRendered() != show) {
                element.setToBeRendered(show);
            }
            if (element.isVisible() != show) {
                element.setVisible(show);
            }
            if (!show) {
                hidden++;
            }
        }
        return hidden;
    }

    /** The tagged elements of a model, windows, parts, menus, trims and shared elements included. */
    public static List<MUIElement> tagged(Object model) {
        List<MUIElement> found = new ArrayList<>();
        if (model instanceof EObject root) {
            visit(root, found);
            for (Iterator<EObject> it = root.eAllContents(); it.hasNext();) {
                visit(it.next(), found);
            }
        }
        return found;
    }

    private static void visit(EObject o, List<MUIElement> found) {
        if (o instanceof MUIElement element && !patterns(element).isEmpty()) {
            found.add(element);
        }
    }
}
