package org.salus.store.h2.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The migration scripts a store ships beside its class: {@code migrations/index.txt} lists "version file" per line
 * (# starts a comment), each file is SQL. Shared by the clinic store and the hub log, which keep their own scripts and
 * version tables.
 */
public final class MigrationScripts {

    /** One migration script, with the SHA-256 of its text (an applied script must never change). */
    public record Script(int version, String name, String sql, String checksum) {
    }

    private MigrationScripts() {
    }

    /** The scripts under {@code migrations/} beside {@code owner}, in the order of its index. */
    public static List<Script> load(Class<?> owner) throws IOException {
        List<Script> out = new ArrayList<>();
        for (String line : resource(owner, "index.txt").split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\s+");
            String sql = resource(owner, parts[1]);
            out.add(new Script(Integer.parseInt(parts[0]), parts[1], sql, sha256(sql)));
        }
        return out;
    }

    /** The statements of a script: split at semicolons that end a line; lines starting with -- are comments. */
    public static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String l = line.strip();
            if (l.startsWith("--") || l.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (l.endsWith(";")) {
                String st = current.toString().strip();
                out.add(st.substring(0, st.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private static String resource(Class<?> owner, String name) throws IOException {
        try (InputStream in = owner.getResourceAsStream("migrations/" + name)) {
            if (in == null) {
                throw new IOException("migration resource migrations/" + name + " beside " + owner.getSimpleName() + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
