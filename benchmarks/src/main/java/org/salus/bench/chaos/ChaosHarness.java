package org.salus.bench.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Kills a writing clinic process with {@code kill -9} again and again on the same store files, and checks the store
 * after every kill.
 * <p>
 * Each round starts {@link ChaosWriter} (a JVM of its own) on the store, which reports every committed command on its
 * standard output. At a seeded random moment after its first commit, this harness sends it SIGKILL (through its process
 * handle, which unlike {@link Process#destroyForcibly()} leaves the pipe open, so every line written before the kill
 * is still read), then opens the store itself, as the next start would, and runs a {@link StoreCheck}: nothing that
 * was reported committed is missing, the chain verifies, the projections equal a replay of the op log (and, every
 * n-th check and at the last, an in-place rebuild). The next round restarts the writer on the same files. A store
 * that no longer opens ends the run. Not thread-safe.
 */
public final class ChaosHarness {

    /** What a chaos run found. */
    public record Report(int kills, int checks, long reportedOps, long lostOps, int chainFailures, int projectionMismatches,
            int openFailures, int otherFailures, long opsInLog, List<String> problems, double seconds, double startSeconds,
            double writeSeconds, double checkSeconds) {

        /** Whether every kill was checked and nothing was lost, broken or different. */
        public boolean clean() {
            return checks == kills && lostOps == 0 && chainFailures == 0 && projectionMismatches == 0 && openFailures == 0
                    && otherFailures == 0;
        }
    }

    /**
     * How to run.
     *
     * @param kills how many times the writer is killed (and the store checked)
     * @param seed seeds the kill times and the writers' commands
     * @param maxKillDelayMillis the kill comes uniformly between 0 and this long after the writer's first commit
     * @param fullRebuildEvery also rebuild the projections in place and compare at every n-th check and at the last
     * @param classpath the writer's class path
     */
    public record Settings(int kills, long seed, int maxKillDelayMillis, int fullRebuildEvery, String classpath) {
    }

    private static final long TIMEOUT_S = 180;

    private final Path dir;
    private final Settings settings;
    private final PrintStream log;
    private final Set<String> reported = new HashSet<>();
    private final List<String> problems = new ArrayList<>();
    private long lost;
    private int chainFailures;
    private int projectionMismatches;
    private int openFailures;
    private int otherFailures;
    private int checks;
    private long opsInLog;
    private long startNanos;
    private long startNanosAt50;
    private long openNanosAt50;
    private long writeNanos;
    private long checkNanos;
    /** The writers' start phases ({@link ChaosWriter#TIMES}) since the last progress line: milliseconds summed, and how many writers told each. */
    private final Map<String, long[]> phases = new LinkedHashMap<>();

    /** @param log where progress and problems are printed, or null */
    public ChaosHarness(Path dir, Settings settings, PrintStream log) {
        this.dir = dir;
        this.settings = settings;
        this.log = log;
    }

    /** Runs every round. */
    public Report run() throws Exception {
        long t0 = System.nanoTime();
        Path store = dir.resolve("store");
        Files.createDirectories(store);
        SplittableRandom random = new SplittableRandom(settings.seed());
        try (StoreCheck check = new StoreCheck(store, dir.resolve("replay"))) {
            for (int round = 1; round <= settings.kills(); round++) {
                long s0 = System.nanoTime();
                Writer w = new Writer(round, random.nextLong(), store);
                int delay = random.nextInt(settings.maxKillDelayMillis() + 1);
                if (!w.awaitFirstCommit()) {
                    w.kill();
                    failure(round, "the writer did not start writing: " + w.describeExit());
                    break;
                }
                long s1 = System.nanoTime();
                Thread.sleep(delay);
                w.kill();
                long s2 = System.nanoTime();
                boolean full = round % settings.fullRebuildEvery() == 0 || round == settings.kills();
                StoreCheck.Result r = check.check(reported, full);
                record(round, r);
                startNanos += s1 - s0;
                writeNanos += s2 - s1;
                checkNanos += System.nanoTime() - s2;
                w.times.forEach((phase, ms) -> {
                    long[] sum = phases.computeIfAbsent(phase, p -> new long[2]);
                    sum[0] += ms;
                    sum[1]++;
                });
                // one line a kill, in the run's directory (kept when anything failed)
                Files.writeString(dir.resolve("kills.log"), String.format("kill %d: start to first commit %d ms %s, writing %d ms, check %d ms,"
                        + " %d operations in the log, store file %d KiB%n", round, (s1 - s0) / 1_000_000, w.times, (s2 - s1) / 1_000_000,
                        (System.nanoTime() - s2) / 1_000_000, opsInLog, Files.size(store.resolve("clinic.mv.db")) / 1024),
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                if (r.openFailure() != null) {
                    break;
                }
                if (log != null && round % 50 == 0) {
                    // the start of the last 50 writers and the file's size show whether a restart gets slower as kills add up
                    log.printf("chaos: %d kills, %d operations reported committed, %d in the log, %d lost, %.0f s (start to first"
                            + " commit %.0f s, writing %.0f s, checks %.0f s); last 50 kills: writer's start to first commit %.2f s,"
                            + " store open after the kill %.3f s, each; store file %d KiB; the writer's start, each: %s%n", round,
                            reported.size(), opsInLog, lost, (System.nanoTime() - t0) / 1e9, startNanos / 1e9, writeNanos / 1e9,
                            checkNanos / 1e9, (startNanos - startNanosAt50) / 1e9 / 50, (check.openNanos - openNanosAt50) / 1e9 / 50,
                            Files.size(store.resolve("clinic.mv.db")) / 1024, phaseAverages());
                    startNanosAt50 = startNanos;
                    openNanosAt50 = check.openNanos;
                    phases.clear();
                }
            }
        }
        return new Report(settings.kills(), checks, reported.size(), lost, chainFailures, projectionMismatches, openFailures,
                otherFailures, opsInLog, List.copyOf(problems), (System.nanoTime() - t0) / 1e9, startNanos / 1e9, writeNanos / 1e9,
                checkNanos / 1e9);
    }

    /** The mean of each start phase since the last progress line, such as {@code jvm 0.41 s, open 1.20 s, ...}. */
    private String phaseAverages() {
        if (phases.isEmpty()) {
            return "not reported";
        }
        StringBuilder b = new StringBuilder();
        phases.forEach((phase, sum) -> b.append(b.length() == 0 ? "" : ", ").append(phase).append(' ')
                .append(String.format("%.2f s", sum[0] / 1e3 / sum[1])));
        return b.toString();
    }

    private void record(int round, StoreCheck.Result r) {
        checks++;
        if (r.openFailure() != null) {
            openFailures++;
        } else {
            opsInLog = r.ops();
            lost += r.lost();
            chainFailures += r.chainOk() ? 0 : 1;
            projectionMismatches += r.projectionsOk() ? 0 : 1;
        }
        if (!r.ok()) {
            problem(round, r.toString());
        }
    }

    private synchronized void failure(int round, String what) {
        otherFailures++;
        problem(round, what);
    }

    private synchronized void problem(int round, String what) {
        String p = "kill " + round + ": " + what;
        problems.add(p);
        if (log != null) {
            log.println("chaos: " + p);
        }
    }

    /** One writer process and the reader of its output. */
    private final class Writer {
        final int round;
        final Process process;
        final CountDownLatch firstCommit = new CountDownLatch(1);
        final List<String> committed = new ArrayList<>();
        /** The start phases the writer reported, in milliseconds (read after the reader has ended). */
        final Map<String, Long> times = new LinkedHashMap<>();
        final Thread reader;
        final long startedAtMillis = System.currentTimeMillis();
        volatile IOException readFailure;

        Writer(int round, long seed, Path store) throws IOException {
            this.round = round;
            this.process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", settings.classpath(), ChaosWriter.class.getName(),
                    store.toString(), Long.toString(seed))
                    .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("writer-stderr.log").toFile())).start();
            this.reader = new Thread(this::read, "chaos-reader-" + round);
            reader.start();
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    accept(line);
                }
            } catch (IOException e) {
                readFailure = e;
            } finally {
                firstCommit.countDown();
            }
        }

        private void accept(String line) {
            if (line.startsWith(ChaosWriter.COMMITTED + " ")) {
                String[] parts = line.split(" ");
                // a line cut short by the kill names fewer ids than it announces: that command was never reported
                if (parts.length >= 2 && parts[1].matches("\\d{1,6}") && parts.length == 2 + Integer.parseInt(parts[1])) {
                    for (int i = 2; i < parts.length; i++) {
                        committed.add(parts[i]);
                    }
                }
                firstCommit.countDown();
            } else if (line.startsWith(ChaosWriter.TIMES + " ")) {
                for (String part : line.substring(ChaosWriter.TIMES.length() + 1).split(" ")) {
                    int eq = part.indexOf('=');
                    if (eq > 0 && part.substring(eq + 1).matches("-?\\d{1,15}")) {
                        String phase = part.substring(0, eq);
                        long value = Long.parseLong(part.substring(eq + 1));
                        if (phase.equals("main-at")) {
                            // from the process's start to its main method: the JVM's own start
                            times.put("jvm", value - startedAtMillis);
                        } else {
                            times.put(phase, value);
                        }
                    }
                }
            } else if (line.startsWith(ChaosWriter.OPEN_FAILED) || line.startsWith(ChaosWriter.ERROR)) {
                failure(round, "the writer said: " + line);
            }
        }

        boolean awaitFirstCommit() throws InterruptedException {
            return firstCommit.await(TIMEOUT_S, TimeUnit.SECONDS) && process.isAlive();
        }

        /** SIGKILL, then everything the writer printed before it died. */
        void kill() throws InterruptedException {
            process.toHandle().destroyForcibly();
            if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the writer of kill " + round + " outlived SIGKILL for " + TIMEOUT_S + " s");
            }
            reader.join();
            if (readFailure != null) {
                throw new UncheckedIOException("reading the writer's output failed", readFailure);
            }
            reported.addAll(committed);
        }

        String describeExit() {
            String tail;
            try {
                List<String> lines = Files.readAllLines(dir.resolve("writer-stderr.log"), StandardCharsets.UTF_8);
                tail = String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
            } catch (IOException e) {
                tail = "(no stderr: " + e.getMessage() + ")";
            }
            return (process.isAlive() ? "still running" : "exit " + process.exitValue()) + "; its stderr ends: " + tail;
        }
    }
}
