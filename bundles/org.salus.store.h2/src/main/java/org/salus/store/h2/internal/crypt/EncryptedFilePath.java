package org.salus.store.h2.internal.crypt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2's file system {@value #SCHEME}: the files of a database whose key was handed over with {@link #unlock} are read
 * and written encrypted ({@link EncryptedFileChannel}, the format of H2's {@code CIPHER=AES}); a database is opened
 * as {@code jdbc:h2:salusaes:file:/folder/clinic} without H2's {@code CIPHER} setting. It wraps any other H2 file
 * system ({@code salusaes:budget:/folder/clinic} in a test).
 * <p>
 * The key is never part of a file name: H2 puts file names into messages and logs. It is held, in the form H2 derives
 * from a file password, for as long as the database is unlocked; a file of a database that is not unlocked cannot be
 * opened. H2's trace and lock files stay plain, as they are with {@code CIPHER=AES}.
 */
public final class EncryptedFilePath extends FilePathWrapper {

    /** The scheme of this file system in H2 file names and JDBC URLs. */
    public static final String SCHEME = "salusaes";
    private static final Map<String, Unlocked> KEYS = new ConcurrentHashMap<>();

    static {
        FilePath.register(new EncryptedFilePath());
    }

    /** A database's key, held until the last of its holders closes. */
    private static final class Unlocked {
        final byte[] password;
        int holders;

        Unlocked(byte[] password) {
            this.password = password;
        }
    }

    /** Closing it forgets the key once nothing else holds it. */
    public interface Unlock extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * The JDBC URL's database part for a database of the given H2 file system.
     *
     * @param fileSystem H2's scheme of the files underneath ({@code file} for the disk)
     * @param database the database's path without H2's suffixes ({@code /folder/clinic})
     */
    public static String url(String fileSystem, Path database) {
        return SCHEME + ":" + fileSystem + ":" + database.toAbsolutePath();
    }

    /**
     * Hands over a database's file password, as H2 would take it from {@code "<file password> <user password>"} with
     * {@code CIPHER=AES}: the files of the database then open encrypted with it.
     *
     * @param database the database's path without H2's suffixes
     * @param filePassword the file password (not kept; the caller wipes it)
     */
    public static Unlock unlock(Path database, char[] filePassword) {
        String stem = normal(database.toString());
        // H2 turns the file password into bytes twice (UTF-16, then one byte per character again); this is where it ends
        byte[] password = new byte[filePassword.length * 2];
        for (int i = 0; i < filePassword.length; i++) {
            password[2 * i + 1] = (byte) filePassword[i];
        }
        KEYS.compute(stem, (k, held) -> {
            if (held == null) {
                held = new Unlocked(password);
            } else {
                java.util.Arrays.fill(password, (byte) 0);
            }
            held.holders++;
            return held;
        });
        boolean[] closed = {false};
        return () -> {
            synchronized (closed) {
                if (closed[0]) {
                    return;
                }
                closed[0] = true;
            }
            KEYS.computeIfPresent(stem, (k, held) -> {
                if (--held.holders > 0) {
                    return held;
                }
                // under the same lock as passwordFor's copy, so a file opening just now gets the key or nothing
                synchronized (held) {
                    java.util.Arrays.fill(held.password, (byte) 0);
                }
                return null;
            });
        };
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        FileChannel raw = getBase().open(mode);
        String file = diskName();
        if (file.endsWith(".trace.db") || file.endsWith(".lock.db")) {
            return raw;
        }
        byte[] password = passwordFor(file);
        if (password == null) {
            raw.close();
            throw new IOException("the encrypted file " + file + " cannot be opened: its database's key was not handed over");
        }
        return new EncryptedFileChannel(file, password, raw, file.endsWith(".mv.db"));
    }

    @Override
    public long size() {
        String file = diskName();
        long raw = getBase().size();
        return file.endsWith(".trace.db") || file.endsWith(".lock.db") ? raw : EncryptedFileChannel.dataSize(raw);
    }

    @Override
    public InputStream newInputStream() throws IOException {
        return Channels.newInputStream(open("r"));
    }

    @Override
    public OutputStream newOutputStream(boolean append) throws IOException {
        return newFileChannelOutputStream(open("rw"), append);
    }

    /** The file's own path on the disk (or in the innermost file system), without any scheme. */
    private String diskName() {
        FilePath p = getBase();
        for (FilePath inner = p.unwrap(); inner != p; inner = p.unwrap()) {
            p = inner;
        }
        return normal(p.toString());
    }

    private static byte[] passwordFor(String file) {
        // the database's files are its path plus H2's suffixes (.mv.db, .mv.db.tempFile, .temp.db ...)
        for (Map.Entry<String, Unlocked> e : KEYS.entrySet()) {
            String stem = e.getKey();
            if (file.startsWith(stem) && file.length() > stem.length() && file.charAt(stem.length()) == '.') {
                synchronized (e.getValue()) {
                    return e.getValue().password.clone();
                }
            }
        }
        return null;
    }

    private static String normal(String path) {
        String p = path.startsWith("file:") ? path.substring("file:".length()) : path;
        try {
            return Path.of(p).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            return p;
        }
    }
}
