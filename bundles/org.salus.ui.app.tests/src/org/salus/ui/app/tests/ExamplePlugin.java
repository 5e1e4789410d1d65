package org.salus.ui.app.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The example plugin (the jar {@code examples/vaccination-register} builds, named by the system property
 * {@value #JAR_PROPERTY}) signed as its publisher signs it: a key made with the JDK's keytool, the jar signed with the
 * JDK's jarsigner, the publisher's certificate exported as the PEM file the workstation trusts.
 */
final class ExamplePlugin {

    static final String JAR_PROPERTY = "salus.plugin.jar";
    static final String SYMBOLIC_NAME = "org.example.salus.vaccination";
    static final String VERSION = "1.0.0";
    static final String PART = "org.example.salus.vaccination.part";
    static final String TYPE = "Vaccination";
    static final String RECORD_PERMISSION = "vaccination.record";

    private static final String ALIAS = "publisher";
    private static final String PASSWORD = "publisher-secret";

    /** The signed jar. */
    final Path signed;
    /** The publisher's certificate, a trust anchor. */
    final Path anchor;

    private ExamplePlugin(Path signed, Path anchor) {
        this.signed = signed;
        this.anchor = anchor;
    }

    /** Signs the example plugin with a new publisher key in {@code dir}. */
    static ExamplePlugin signedIn(Path dir) throws IOException, InterruptedException {
        String property = System.getProperty(JAR_PROPERTY);
        if (property == null) {
            throw new AssertionError("the system property " + JAR_PROPERTY + " names the example plugin's jar");
        }
        Path jar = Path.of(property);
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("the example plugin is built first: " + jar);
        }
        Files.createDirectories(dir);
        Path keys = dir.resolve(ALIAS + ".p12");
        Path pem = dir.resolve(ALIAS + ".pem");
        Path signed = dir.resolve(SYMBOLIC_NAME + "-" + VERSION + ".jar");
        jdk("keytool", "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30", "-dname",
                "CN=Example integrator, O=Salus tests", "-storetype", "PKCS12", "-keystore", keys.toString(), "-storepass", PASSWORD,
                "-keypass", PASSWORD);
        jdk("keytool", "-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keys.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                "-file", pem.toString());
        jdk("jarsigner", "-keystore", keys.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-digestalg", "SHA-256",
                "-signedjar", signed.toString(), jar.toString(), ALIAS);
        return new ExamplePlugin(signed, pem);
    }

    /**
     * A copy of the signed jar with one class changed after signing (one byte of the part's class file), as a jar
     * altered on its way to the clinic would be.
     */
    Path tampered(String name) throws IOException {
        Path out = signed.resolveSibling(name);
        String victim = "org/example/salus/vaccination/ui/VaccinationPart.class";
        boolean changed = false;
        try (ZipFile in = new ZipFile(signed.toFile()); OutputStream file = Files.newOutputStream(out); ZipOutputStream zip = new ZipOutputStream(file)) {
            List<? extends ZipEntry> entries = list(in.entries());
            for (ZipEntry e : entries) {
                byte[] bytes;
                try (InputStream s = in.getInputStream(e)) {
                    bytes = s.readAllBytes();
                }
                if (e.getName().equals(victim)) {
                    bytes[bytes.length - 1] ^= 0x01;
                    changed = true;
                }
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        if (!changed) {
            throw new AssertionError("no " + victim + " in " + signed);
        }
        return out;
    }

    private static <T> List<T> list(Enumeration<T> e) {
        List<T> all = new ArrayList<>();
        while (e.hasMoreElements()) {
            all.add(e.nextElement());
        }
        return all;
    }

    /** Runs one of the JDK's tools. */
    private static void jdk(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(tool + " failed: " + out);
        }
    }
}
