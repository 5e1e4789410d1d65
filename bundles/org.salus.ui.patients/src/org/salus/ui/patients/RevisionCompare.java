package org.salus.ui.patients;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.salus.model.clinical.NoteRevision;
import org.salus.ui.patients.LineDiff.Kind;
import org.salus.ui.patients.LineDiff.Row;

/**
 * Two revisions of a note side by side in read-only panes, the older on the left: changed lines are yellow on both
 * sides, removed lines red on the left, added lines green on the right, with an empty line across from them so the
 * panes stay aligned. Scrolling one pane scrolls the other.
 */
final class RevisionCompare {

    private final Composite control;
    private final Label leftTitle;
    private final Label rightTitle;
    private final StyledText left;
    private final StyledText right;
    private final Label summary;
    private final Color changed;
    private final Color removed;
    private final Color added;
    private List<Row> rows = List.of();

    RevisionCompare(Composite parent, String testIdPrefix) {
        control = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(2, true);
        layout.marginWidth = 0;
        control.setLayout(layout);
        changed = new Color(control.getDisplay(), 255, 243, 176);
        removed = new Color(control.getDisplay(), 255, 205, 210);
        added = new Color(control.getDisplay(), 200, 240, 200);
        control.addDisposeListener(e -> {
            changed.dispose();
            removed.dispose();
            added.dispose();
        });
        leftTitle = title(testIdPrefix + ".leftTitle");
        rightTitle = title(testIdPrefix + ".rightTitle");
        left = pane(testIdPrefix + ".left");
        right = pane(testIdPrefix + ".right");
        summary = new Label(control, SWT.NONE);
        summary.setData(PatientsPart.TEST_ID, testIdPrefix + ".summary");
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        // keep the two panes at the same line
        left.addListener(SWT.Paint, e -> sync(left, right));
        right.addListener(SWT.Paint, e -> sync(right, left));
        clear("Select a note, then two of its revisions to compare them.");
    }

    Composite control() {
        return control;
    }

    private Label title(String testId) {
        Label l = new Label(control, SWT.NONE);
        l.setData(PatientsPart.TEST_ID, testId);
        l.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        return l;
    }

    private StyledText pane(String testId) {
        StyledText t = new StyledText(control, SWT.BORDER | SWT.MULTI | SWT.READ_ONLY | SWT.H_SCROLL | SWT.V_SCROLL);
        t.setData(PatientsPart.TEST_ID, testId);
        t.setEditable(false);
        t.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        t.setMargins(4, 2, 4, 2);
        return t;
    }

    private static void sync(StyledText from, StyledText to) {
        if (to.getTopIndex() != from.getTopIndex()) {
            to.setTopIndex(from.getTopIndex());
        }
    }

    /** Shows nothing but a hint. */
    void clear(String hint) {
        rows = List.of();
        leftTitle.setText("");
        rightTitle.setText("");
        left.setText("");
        right.setText("");
        summary.setText(hint);
        control.layout(true);
    }

    /** Shows one revision alone, on the left. */
    void show(NoteRevision only, String author) {
        rows = LineDiff.compare(only.getText(), only.getText());
        leftTitle.setText(heading(only, author));
        rightTitle.setText("");
        left.setText(Formats.text(only.getText()));
        right.setText("");
        summary.setText("Select a second revision of this note to compare the two.");
        control.layout(true);
    }

    /** Compares two revisions: the earlier on the left, the later on the right. */
    void compare(NoteRevision a, String authorA, NoteRevision b, String authorB) {
        NoteRevision older = a.getRevision() <= b.getRevision() ? a : b;
        NoteRevision newer = older == a ? b : a;
        rows = LineDiff.compare(older.getText(), newer.getText());
        StringBuilder l = new StringBuilder();
        StringBuilder r = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                l.append('\n');
                r.append('\n');
            }
            l.append(Formats.text(rows.get(i).left()));
            r.append(Formats.text(rows.get(i).right()));
        }
        left.setText(l.toString());
        right.setText(r.toString());
        for (int i = 0; i < rows.size(); i++) {
            Kind k = rows.get(i).kind();
            left.setLineBackground(i, 1, k == Kind.CHANGED ? changed : k == Kind.REMOVED ? removed : null);
            right.setLineBackground(i, 1, k == Kind.CHANGED ? changed : k == Kind.ADDED ? added : null);
        }
        leftTitle.setText(heading(older, older == a ? authorA : authorB));
        rightTitle.setText(heading(newer, newer == a ? authorA : authorB));
        long c = LineDiff.count(rows, Kind.CHANGED);
        long rm = LineDiff.count(rows, Kind.REMOVED);
        long ad = LineDiff.count(rows, Kind.ADDED);
        summary.setText(c + rm + ad == 0 ? "Revisions " + older.getRevision() + " and " + newer.getRevision() + " have the same text."
                : "From revision " + older.getRevision() + " to " + newer.getRevision() + ": " + lines(c, "changed") + " (yellow), "
                        + lines(rm, "removed") + " (red), " + lines(ad, "added") + " (green).");
        control.layout(true);
    }

    private static String lines(long n, String what) {
        return n + (n == 1 ? " line " : " lines ") + what;
    }

    private static String heading(NoteRevision r, String author) {
        return "Revision " + r.getRevision() + ", " + Formats.time(r.getWrittenAt()) + ", by " + author;
    }

    /** The rows shown now (one per line of each pane). */
    List<Row> rows() {
        return rows;
    }

    /** How a pane marks a line, read back from its background: "changed", "removed", "added", or "" for none. */
    String mark(boolean leftPane, int line) {
        StyledText pane = leftPane ? left : right;
        if (line >= pane.getLineCount()) {
            return "";
        }
        Color c = pane.getLineBackground(line);
        return c == null ? "" : c.equals(changed) ? "changed" : c.equals(removed) ? "removed" : c.equals(added) ? "added" : "other";
    }

    /** A pane's text. */
    String text(boolean leftPane) {
        return (leftPane ? left : right).getText();
    }

    /** What the line under the panes says. */
    String summary() {
        return summary.getText();
    }

    /** The headings over the panes. */
    String heading(boolean leftPane) {
        return (leftPane ? leftTitle : rightTitle).getText();
    }
}
