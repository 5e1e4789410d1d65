package org.salus.ui.app.tests;

import java.util.function.BooleanSupplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;

/** Drives real SWT widgets found by the test id they carry, as SWTBot would (SWTBot is not on Maven Central). */
final class Ui {

    static final String TEST_ID = "org.salus.testid";
    private static final long WAIT_SECONDS = 90;

    private Ui() {
    }

    static Display display() {
        return Display.getDefault();
    }

    /** A widget with a test id in any open shell. */
    static <T extends Control> T find(String id, Class<T> type) {
        for (Shell shell : display().getShells()) {
            T found = find(shell, id, type);
            if (found != null) {
                return found;
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " with test id '" + id + "' in any open shell");
    }

    /** A widget with a test id under a control. */
    static <T extends Control> T find(Control root, String id, Class<T> type) {
        if (root.isDisposed()) {
            return null;
        }
        if (id.equals(root.getData(TEST_ID)) && type.isInstance(root)) {
            return type.cast(root);
        }
        if (root instanceof Composite c) {
            for (Control child : c.getChildren()) {
                T t = find(child, id, type);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    static <T extends Control> T in(Control root, String id, Class<T> type) {
        T found = find(root, id, type);
        if (found == null) {
            throw new AssertionError("no " + type.getSimpleName() + " with test id '" + id + "' under " + root);
        }
        return found;
    }

    /** Presses a button the way a click does. */
    static void click(Button button) {
        if (!button.isEnabled()) {
            throw new AssertionError("button '" + button.getText() + "' is disabled");
        }
        if ((button.getStyle() & (SWT.CHECK | SWT.RADIO | SWT.TOGGLE)) != 0) {
            button.setSelection(!button.getSelection());
        }
        button.notifyListeners(SWT.Selection, new Event());
    }

    /** Runs the event loop until a condition holds; fails (with what it waited for) if it never does. */
    static void waitUntil(String what, BooleanSupplier condition) {
        Display d = display();
        long deadline = System.nanoTime() + WAIT_SECONDS * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            if (!d.readAndDispatch()) {
                // wake up now and then: some conditions change off the UI thread without posting anything
                d.timerExec(20, () -> {
                });
                d.sleep();
            }
        }
    }

    /** Runs pending UI work. */
    static void drain() {
        while (display().readAndDispatch()) {
            // let asyncExec updates run
        }
    }

    /**
     * Saves what a shell shows as a PNG in {@code target/screenshots/} of the test module (for the user guide); a
     * screen that cannot be read is no test failure.
     */
    static void screenshot(org.eclipse.swt.widgets.Shell shell, String name) {
        drain();
        org.eclipse.swt.graphics.Rectangle b = shell.getBounds();
        org.eclipse.swt.graphics.Image image = new org.eclipse.swt.graphics.Image(display(), b.width, b.height);
        org.eclipse.swt.graphics.GC gc = new org.eclipse.swt.graphics.GC(display());
        try {
            gc.copyArea(image, b.x, b.y);
            java.nio.file.Path dir = java.nio.file.Path.of("target", "screenshots");
            java.nio.file.Files.createDirectories(dir);
            org.eclipse.swt.graphics.ImageLoader loader = new org.eclipse.swt.graphics.ImageLoader();
            loader.data = new org.eclipse.swt.graphics.ImageData[] {image.getImageData()};
            loader.save(dir.resolve(name + ".png").toString(), SWT.IMAGE_PNG);
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("no screenshot " + name + ": " + e);
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    /**
     * Saves what the screen shows of a shell as a PNG in {@code target/screenshots/}, taken from the X server with
     * ImageMagick's {@code import -window root} (under Xvfb), after the event loop has run long enough for GTK to
     * paint; without {@code import} it falls back to {@link #screenshot}.
     */
    static void screen(Shell shell, String name) {
        long until = System.nanoTime() + 700_000_000L;
        while (System.nanoTime() < until) {
            shell.update();
            if (!display().readAndDispatch()) {
                display().timerExec(20, () -> {
                });
                display().sleep();
            }
        }
        org.eclipse.swt.graphics.Rectangle b = shell.getBounds();
        try {
            java.nio.file.Path dir = java.nio.file.Path.of("target", "screenshots");
            java.nio.file.Files.createDirectories(dir);
            Process p = new ProcessBuilder("import", "-window", "root", "-crop", b.width + "x" + b.height + "+" + b.x + "+" + b.y, "+repage",
                    dir.resolve(name + ".png").toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                System.err.println("import failed for " + name + ": " + out);
                screenshot(shell, name);
            }
        } catch (java.io.IOException e) {
            screenshot(shell, name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether a control is shown (itself and its parents). */
    static boolean showing(Control c) {
        return c != null && !c.isDisposed() && c.isVisible();
    }
}
