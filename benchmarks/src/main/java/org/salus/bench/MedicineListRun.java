package org.salus.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.salus.demo.DemoLoad;
import org.salus.store.h2.internal.FileKeyProvider;

/**
 * {@code ui-medicine-list}: the time a pharmacist waits for the Stock part's medicine list, in the real workstation
 * product, over a store of N medicines and N x M batches ({@link StockStoreFiller}; 10,000 and 100,000 by default).
 * Each run is a fresh install whose data folder holds a copy of that store: the workstation starts, the pharmacist
 * signs in at the dialog (typed through {@link XInput}), the main window settles, the Stock menu is opened (Alt+S),
 * and the figures run from the key of its "Medicine list" item (L) until the workstation prints (with
 * {@code -Dsalus.reportReady=true}) {@code Salus medicine list ready: N rows shown}, once the list's first rows are
 * painted with their text ({@code ui-medicine-list}), and {@code Salus medicine list complete: N medicines}, once all
 * medicines are in the list with the summary of low and expiring stock ({@code ui-medicine-list-complete}). Medians of
 * the runs.
 * <p>
 * Each baseline is what the store alone takes for the same read: the SQL the list runs (the first 40 medicines by name,
 * or all of them, each with its stock summed over its batches and its first expiry), on a plain JDBC connection to the
 * same encrypted file in the benchmark's JVM, warmed up, every column of every row read, no model objects, no access
 * check and no screen. Median of 5.
 */
final class MedicineListRun {

    private static final long TIMEOUT_S = 180;
    /** After the main window maps: the Home part and the session's first background work finish. */
    private static final long SETTLE_MS = 3000;
    /** The default expiry watch window of the workstation, for the store's description. */
    private static final int WATCH_DAYS = 90;
    private static final Pattern READY = Pattern.compile("Salus medicine list ready: (\\d+) rows shown");
    private static final Pattern COMPLETE = Pattern.compile("Salus medicine list complete: (\\d+) medicines");
    /** The rows the list reads first when it is empty (org.salus.ui.stock's StockPart.FIRST_PAGE). */
    private static final int FIRST_PAGE = 40;
    private static final Pattern NAMED = Pattern.compile("^\\s*(0x[0-9a-f]+) \"([^\"]*)\":");
    private static final Pattern GEOMETRY = Pattern.compile("Absolute upper-left (X|Y):\\s+(-?\\d+)|(Width|Height):\\s+(\\d+)");

    private MedicineListRun() {
    }

    /** @param kept a folder that keeps the filled store between runs of the benchmark, or null for a temporary one */
    static void measure(Path product, String display, int runs, int medicines, int batchesPerMedicine, Path kept) throws Exception {
        Path template = kept != null ? kept : Files.createTempDirectory("salus-bench-ui-list");
        Process input = null;
        try {
            Path data = template.resolve("data");
            LocalDate today = LocalDate.now();
            if (!Files.exists(StockStoreFiller.keyFile(data))) {
                long f0 = System.nanoTime();
                DemoLoad load = StockStoreFiller.fill(data, medicines, batchesPerMedicine, today);
                System.out.printf("ui-medicine-list: store filled through the commands in %.0f s, %d operations%n", (System.nanoTime() - f0) / 1e9,
                        load.operations());
            }
            long inStore = rawCount(data, "SELECT COUNT(*) FROM medicine");
            if (inStore != medicines) {
                throw new IllegalStateException("the store in " + data + " holds " + inStore + " medicines, not " + medicines);
            }
            System.out.printf("ui-medicine-list: %d medicines, %d batches (%d of them in stock and expired today, %d expiring within %d days)%n",
                    inStore, rawCount(data, "SELECT COUNT(*) FROM stock_batch"),
                    rawCount(data, "SELECT COUNT(*) FROM stock_batch WHERE in_stock = TRUE AND expiry < CURRENT_DATE"),
                    rawCount(data, "SELECT COUNT(*) FROM stock_batch WHERE in_stock = TRUE AND expiry >= CURRENT_DATE AND expiry <= CURRENT_DATE + "
                            + WATCH_DAYS),
                    WATCH_DAYS);
            double firstBaseline = baseline(data, today, FIRST_PAGE);
            double allBaseline = baseline(data, today, 10_000);
            input = startInput(display);
            double[] first = new double[runs];
            double[] all = new double[runs];
            for (int i = 0; i < runs; i++) {
                double[] run = once(product, display, data, input, medicines);
                first[i] = run[0];
                all[i] = run[1];
                System.out.printf("ui-medicine-list run %d: first rows %.0f ms, all %d medicines %.0f ms%n", i + 1, first[i], medicines, all[i]);
            }
            Figures.print("ui-medicine-list", Figures.median(first), "ms", firstBaseline);
            Figures.print("ui-medicine-list-complete", Figures.median(all), "ms", allBaseline);
        } finally {
            if (input != null) {
                input.destroy();
            }
            if (kept == null) {
                StartupBench.deleteTree(template);
            }
        }
    }

    /** One fresh install: ms from the menu item's key to the first rows shown, and to the whole list loaded. */
    private static double[] once(Path product, String display, Path template, Process input, int medicines) throws Exception {
        Path config = Files.createTempDirectory("salus-bench-ui-config");
        Path data = Files.createTempDirectory("salus-bench-ui-data");
        copyTree(template, data);
        Path cm = data.resolve("cm");
        writeAdoptKeyFile(cm, StockStoreFiller.keyFile(data));
        StartupBench.copyConfiguration(product.resolve("configuration"), config);
        Path master = data.resolve("master");
        Files.writeString(master, Long.toHexString(System.nanoTime()) + Long.toHexString(ProcessHandle.current().pid()));
        Path console = data.resolve("console.log");
        ProcessBuilder pb = new ProcessBuilder(product.resolve("salus").toString(), "-configuration", config.toUri().toString(),
                "-data", data.toUri().toString(), "-nosplash", "-eclipse.keyring", data.resolve("secure_storage").toString(),
                "-eclipse.password", master.toString())
                .directory(product.toFile()).redirectErrorStream(true).redirectOutput(console.toFile());
        pb.environment().put("DISPLAY", display);
        // ConfigAdmin's folder, written above: the secure storage adopts the store's key file at this first start
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Dsalus.reportReady=true -Dfelix.cm.dir=" + cm);
        Process p = pb.start();
        try {
            await(p, console, () -> Files.readString(console).contains("Salus login ready"), "a usable sign-in dialog");
            int[] dialog = window(p, console, display, "Salus - log in");
            send(input, "move " + (dialog[0] + dialog[2] / 2) + " " + (dialog[1] + dialog[3] / 2));
            send(input, "type " + StockStoreFiller.PHARMACIST);
            send(input, "key tab");
            send(input, "type " + StockStoreFiller.PASSWORD);
            send(input, "key enter");
            window(p, console, display, "Salus");
            Thread.sleep(SETTLE_MS);
            int[] window = window(p, console, display, "Salus");
            send(input, "move " + (window[0] + window[2] / 2) + " " + (window[1] + window[3] / 2));
            send(input, "key alt+s");
            Thread.sleep(1000); // the menu is open
            long t0 = System.nanoTime();
            send(input, "key l");
            await(p, console, () -> READY.matcher(Files.readString(console)).find(), "the medicine list's first rows");
            double firstMs = (System.nanoTime() - t0) / 1e6;
            await(p, console, () -> COMPLETE.matcher(Files.readString(console)).find(), "the whole medicine list");
            double allMs = (System.nanoTime() - t0) / 1e6;
            String log = Files.readString(console);
            Matcher shown = READY.matcher(log);
            Matcher complete = COMPLETE.matcher(log);
            if (!shown.find() || Integer.parseInt(shown.group(1)) == 0 || !complete.find() || Integer.parseInt(complete.group(1)) != medicines) {
                throw new IllegalStateException("the list did not show the store's " + medicines + " medicines:\n" + tail(console));
            }
            System.out.println("  the workstation: " + log.substring(shown.start(), log.indexOf('\n', shown.start())).trim());
            return new double[] {firstMs, allMs};
        } finally {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            StartupBench.deleteTree(config);
            StartupBench.deleteTree(data);
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean done() throws Exception;
    }

    private static void await(Process p, Path console, Check check, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (System.nanoTime() < deadline) {
            if (check.done()) {
                return;
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("the workstation exited (" + p.exitValue() + ") while waiting for " + what + ":\n" + tail(console));
            }
            Thread.sleep(5); // poll interval: the figure's resolution
        }
        throw new IllegalStateException("no " + what + " within " + TIMEOUT_S + " s:\n" + tail(console));
    }

    private static String tail(Path console) throws IOException {
        List<String> log = Files.readAllLines(console);
        return String.join("\n", log.subList(Math.max(0, log.size() - 40), log.size()));
    }

    /** Felix ConfigAdmin's file for the workstation's secure storage key provider: adopt the store's key file once. */
    private static void writeAdoptKeyFile(Path cm, Path keyFile) throws IOException {
        Path file = cm.resolve("org/salus/security/equinox.config");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "service.pid=\"org.salus.security.equinox\"\nadoptKeyFile=\"" + keyFile.toAbsolutePath() + "\"\n");
    }

    private static Process startInput(String display) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), XInput.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("DISPLAY", display);
        Process p = pb.start();
        String first = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (!"ready".equals(first)) {
            throw new IllegalStateException("the input process did not start on display " + display + ": " + first);
        }
        return p;
    }

    /** Sends one input command and waits until X has it. */
    private static void send(Process input, String command) throws IOException {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(input.getOutputStream(), StandardCharsets.UTF_8), true);
        out.println(command);
        String reply = readLine(input);
        if (!"ok".equals(reply)) {
            throw new IllegalStateException("input '" + command + "' failed: " + reply);
        }
    }

    // one byte at a time: a buffered reader per call would swallow later replies
    private static String readLine(Process input) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = input.getInputStream().read(); c >= 0 && c != '\n'; c = input.getInputStream().read()) {
            sb.append((char) c);
        }
        return sb.toString();
    }

    /** x, y, width, height of the mapped window with this exact title, or null while there is none. */
    private static int[] geometry(String display, String title) throws Exception {
        for (String line : x(display, "xwininfo", "-root", "-tree")) {
            Matcher named = NAMED.matcher(line);
            if (named.find() && named.group(2).trim().equals(title)) {
                int[] g = new int[4];
                boolean viewable = false;
                for (String info : x(display, "xwininfo", "-id", named.group(1))) {
                    viewable |= info.contains("Map State: IsViewable");
                    Matcher m = GEOMETRY.matcher(info);
                    if (m.find()) {
                        if (m.group(1) != null) {
                            g[m.group(1).equals("X") ? 0 : 1] = Integer.parseInt(m.group(2));
                        } else {
                            g[m.group(3).equals("Width") ? 2 : 3] = Integer.parseInt(m.group(4));
                        }
                    }
                }
                if (viewable && g[2] > 1) {
                    return g;
                }
            }
        }
        return null;
    }

    /** Waits for the mapped window with this exact title; its x, y, width, height. */
    private static int[] window(Process p, Path console, String display, String title) throws Exception {
        int[][] found = new int[1][];
        await(p, console, () -> (found[0] = geometry(display, title)) != null, "a window titled '" + title + "'");
        return found[0];
    }

    private static List<String> x(String display, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DISPLAY", display);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().toList();
    }

    /**
     * The list's read of {@code limit} medicines as plain SQL on the store file, warm: median of 5 after 2 warm-up rounds,
     * each on a new connection (H2 hands a connection that repeats a query on unchanged tables its last result).
     */
    private static double baseline(Path data, LocalDate today, int limit) throws Exception {
        try (Connection open = raw(data)) {
            double[] samples = new double[5];
            for (int i = -2; i < samples.length; i++) {
                try (Connection c = raw(data)) {
                    long t0 = System.nanoTime();
                    int rows = read(c, today, limit);
                    if (i >= 0) {
                        samples[i] = (System.nanoTime() - t0) / 1e6;
                    }
                    if (rows != Math.min(limit, rawCount(open, "SELECT COUNT(*) FROM medicine"))) {
                        throw new IllegalStateException("the baseline read " + rows + " medicines");
                    }
                }
            }
            return Figures.median(samples);
        }
    }

    /** The SQL the medicine list runs for {@code limit} medicines (org.salus.core's ProjectionReader), every column of every row read. */
    static int read(Connection c, LocalDate today, int limit) throws SQLException {
        int rows = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT m.id, m.gtin, m.inn_name, m.form, m.strength, m.unit, m.reorder_level,"
                + " m.critical, COALESCE(SUM(b.quantity_on_hand), 0) AS on_hand,"
                + " COALESCE(SUM(CASE WHEN b.expiry IS NULL OR b.expiry >= ? THEN b.quantity_on_hand ELSE 0 END), 0) AS usable,"
                + " MIN(b.expiry) AS first_expiry"
                + " FROM (SELECT * FROM medicine ORDER BY inn_name_lc, id FETCH FIRST ? ROWS ONLY) m"
                + " LEFT JOIN stock_batch b ON b.medicine_id = m.id AND b.in_stock = TRUE"
                + " GROUP BY m.id, m.gtin, m.inn_name, m.form, m.strength, m.unit, m.reorder_level, m.critical, m.inn_name_lc"
                + " ORDER BY m.inn_name_lc, m.id")) {
            ps.setObject(1, today);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (int i = 1; i <= 11; i++) {
                        rs.getObject(i);
                    }
                    rows++;
                }
            }
        }
        return rows;
    }

    private static long rawCount(Path data, String sql) throws SQLException {
        try (Connection c = raw(data)) {
            return rawCount(c, sql);
        }
    }

    private static long rawCount(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection raw(Path data) throws SQLException {
        return LocalClinic.rawConnection(StockStoreFiller.storeFolder(data).resolve("clinic"), new FileKeyProvider(StockStoreFiller.keyFile(data)),
                true);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            s.forEach(p -> {
                try {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
