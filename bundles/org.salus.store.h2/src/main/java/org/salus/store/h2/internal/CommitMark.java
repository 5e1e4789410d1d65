package org.salus.store.h2.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small file beside the store ({@code clinic.mark}) that holds how many operations the op log had after the last
 * commit. H2 opens a file whose newest chunks were cut off by falling back to an older state, silently; the mark is
 * what shows that committed operations went missing. It is written after each commit (after the commit reached the
 * disk), so it may lag the store after a crash but never leads it.
 */
final class CommitMark implements AutoCloseable {

    private static final Pattern LINE = Pattern.compile("salus-mark 1 ops=(\\d{19})\\s*");
    private static final int LENGTH = 64;

    private final Path file;
    private FileChannel channel;

    CommitMark(Path file) {
        this.file = file;
    }

    /** The file beside a store. */
    static Path of(H2StoreSettings settings) {
        return settings.database().resolveSibling(settings.storeName() + ".mark");
    }

    /** The operation count last recorded, or empty when there is no readable mark. */
    static OptionalLong read(Path file) {
        try {
            if (!Files.exists(file)) {
                return OptionalLong.empty();
            }
            Matcher m = LINE.matcher(Files.readString(file, StandardCharsets.US_ASCII));
            return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** Records the operation count (one small positional write, no sync). */
    void record(long ops) throws IOException {
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        String line = String.format("salus-mark 1 ops=%019d", ops);
        StringBuilder padded = new StringBuilder(line);
        while (padded.length() < LENGTH - 1) {
            padded.append(' ');
        }
        padded.append('\n');
        ByteBuffer buffer = ByteBuffer.wrap(padded.toString().getBytes(StandardCharsets.US_ASCII));
        while (buffer.hasRemaining()) {
            channel.write(buffer, buffer.position());
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
