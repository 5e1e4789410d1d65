package org.salus.store.h2.internal.crypt;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.h2.store.fs.FileBaseDefault;

/**
 * An H2 encrypted file ({@code CIPHER=AES} format), read and written through {@link XtsCipher}.
 * <p>
 * The format is H2's: a 4 KiB header holding {@code H2encrypt\n} and an 8-byte salt, then the data in 4 KiB sectors
 * encrypted with AES-128 in XTS mode, sector n of the data being sector n + 1 of the file. The AES key is
 * PBKDF2-HMAC-SHA256 of the file password (10 iterations, salted). A length that is not a whole number of sectors is
 * recorded the way H2 records it: the file gets one sector more, cut short by the missing bytes. So a file written here
 * opens in H2 with {@code CIPHER=AES} and the same password, and the other way round.
 * <p>
 * Nothing is read or written before the first use, so that the caller can lock the file first (as H2 does).
 */
final class EncryptedFileChannel extends FileBaseDefault {

    static final int HEADER_LENGTH = XtsCipher.SECTOR;
    private static final int SECTOR = XtsCipher.SECTOR;
    private static final long SECTOR_MASK = SECTOR - 1;
    private static final byte[] MAGIC = "H2encrypt\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final int SALT_LENGTH = 8;
    private static final int HASH_ITERATIONS = 10;
    /** How every H2 MVStore file begins (its header is written twice, in the first two sectors). */
    private static final byte[] STORE_HEADER = "H:2,".getBytes(StandardCharsets.ISO_8859_1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final FileChannel base;
    private final boolean checkKey;
    private byte[] password;
    private volatile XtsCipher xts;
    private volatile long size;

    /**
     * @param name the file's name, for messages
     * @param password the file password's bytes (wiped once the key is derived)
     * @param base the raw file
     * @param checkKey whether the file holds an H2 store, whose first sectors show whether the key is right
     */
    EncryptedFileChannel(String name, byte[] password, FileChannel base, boolean checkKey) {
        this.name = name;
        this.base = base;
        this.password = password;
        this.checkKey = checkKey;
    }

    /** The size of the data in a raw file of this length. */
    static long dataSize(long rawLength) {
        long size = rawLength - HEADER_LENGTH;
        if (size < 0) {
            return 0;
        }
        return (size & SECTOR_MASK) != 0 ? size - SECTOR : size;
    }

    private XtsCipher cipher() throws IOException {
        XtsCipher x = xts;
        return x != null ? x : init();
    }

    private synchronized XtsCipher init() throws IOException {
        if (xts != null) {
            return xts;
        }
        long raw = base.size();
        boolean existing = raw >= HEADER_LENGTH;
        byte[] salt = new byte[SALT_LENGTH];
        if (existing) {
            readFully(base, MAGIC.length, ByteBuffer.wrap(salt));
        } else {
            RANDOM.nextBytes(salt);
            byte[] header = Arrays.copyOf(MAGIC, SECTOR);
            System.arraycopy(salt, 0, header, MAGIC.length, SALT_LENGTH);
            writeFully(base, 0, ByteBuffer.wrap(header));
        }
        byte[] key = pbkdf2(password, salt);
        Arrays.fill(password, (byte) 0);
        password = null;
        XtsCipher x = new XtsCipher(key);
        Arrays.fill(key, (byte) 0);
        size = existing ? dataSize(raw) : 0;
        if (existing && checkKey && size >= SECTOR && !opensAStore(x, 0) && !(size >= 2L * SECTOR && opensAStore(x, 1))) {
            throw new KeyMismatchException(name);
        }
        xts = x;
        return x;
    }

    /** Whether the given data sector decrypts to the beginning of an H2 store header. */
    private boolean opensAStore(XtsCipher x, long sector) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(SECTOR);
        readFully(base, HEADER_LENGTH + sector * SECTOR, b);
        x.decrypt(sector, b.array(), 0);
        return Arrays.equals(b.array(), 0, STORE_HEADER.length, STORE_HEADER, 0, STORE_HEADER.length);
    }

    /** PBKDF2-HMAC-SHA256, one block, cut to the 16 bytes of an AES-128 key. */
    private static byte[] pbkdf2(byte[] password, byte[] salt) throws IOException {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(password, "HmacSHA256"));
            byte[] u = new byte[salt.length + 4];
            System.arraycopy(salt, 0, u, 0, salt.length);
            u[salt.length + 3] = 1;
            byte[] key = new byte[16];
            for (int i = 0; i < HASH_ITERATIONS; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < key.length; j++) {
                    key[j] ^= u[j];
                }
            }
            Arrays.fill(u, (byte) 0);
            return key;
        } catch (GeneralSecurityException e) {
            throw new IOException("the key of " + "the encrypted file cannot be derived: " + e.getMessage(), e);
        }
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        int len = dst.remaining();
        if (len == 0) {
            return 0;
        }
        XtsCipher x = cipher();
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position);
        }
        long available = size - position;
        if (available <= 0) {
            return -1;
        }
        len = (int) Math.min(len, available);
        if ((position & SECTOR_MASK) == 0 && (len & SECTOR_MASK) == 0 && dst.hasArray()) {
            readSectors(dst, position, len, x);
            return len;
        }
        // unaligned (or not backed by an array): read the whole sectors around it, then hand out the part asked for
        long start = position & ~SECTOR_MASK;
        int offset = (int) (position - start);
        int span = (int) (((offset + len) + SECTOR_MASK) & ~SECTOR_MASK);
        ByteBuffer temp = ByteBuffer.allocate(span);
        readSectors(temp, start, span, x);
        temp.position(offset).limit(offset + len);
        dst.put(temp);
        return len;
    }

    private void readSectors(ByteBuffer dst, long position, int len, XtsCipher x) throws IOException {
        int at = dst.arrayOffset() + dst.position();
        int limit = dst.limit();
        dst.limit(dst.position() + len);
        readFully(base, HEADER_LENGTH + position, dst);
        dst.limit(limit);
        byte[] a = dst.array();
        long sector = position / SECTOR;
        for (int done = 0; done < len; done += SECTOR) {
            x.decrypt(sector++, a, at + done);
        }
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        XtsCipher x = cipher();
        int len = src.remaining();
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position);
        }
        if ((position & SECTOR_MASK) == 0 && (len & SECTOR_MASK) == 0) {
            writeSectors(src, position, len, x);
            size = Math.max(size, position + len);
            return len;
        }
        // unaligned: read the sectors it touches, change them, write them back
        long start = position & ~SECTOR_MASK;
        int offset = (int) (position - start);
        int span = (int) (((offset + len) + SECTOR_MASK) & ~SECTOR_MASK);
        ByteBuffer temp = ByteBuffer.allocate(span);
        long readable = ((size - start) + SECTOR_MASK) & ~SECTOR_MASK;
        int read = (int) Math.max(0, Math.min(span, readable));
        if (read > 0) {
            readSectors(temp, start, read, x);
        }
        temp.clear().position(offset);
        temp.put(src);
        temp.clear();
        writeSectors(temp, start, span, x);
        size = Math.max(size, position + len);
        int partial = (int) (size & SECTOR_MASK);
        if (partial > 0) {
            // the file's length tells the data's: one sector more, short by what the last sector does not hold. (H2's
            // own FileEncrypt writes these bytes right after the sectors just written, which clears the start of the next
            // sector when the write is not the last; H2's stores only write whole sectors, so it never shows there.)
            long end = (size + SECTOR_MASK) & ~SECTOR_MASK;
            writeFully(base, HEADER_LENGTH + end, ByteBuffer.allocate(partial));
        }
        return len;
    }

    private void writeSectors(ByteBuffer src, long position, int len, XtsCipher x) throws IOException {
        byte[] crypt = new byte[len];
        src.get(crypt);
        long sector = position / SECTOR;
        for (int done = 0; done < len; done += SECTOR) {
            x.encrypt(sector++, crypt, done);
        }
        writeFully(base, HEADER_LENGTH + position, ByteBuffer.wrap(crypt));
    }

    @Override
    protected void implTruncate(long newSize) throws IOException {
        cipher();
        if (newSize < 0) {
            throw new IllegalArgumentException("negative size " + newSize);
        }
        if (newSize > size) {
            return;
        }
        base.truncate(HEADER_LENGTH + newSize + ((newSize & SECTOR_MASK) > 0 ? SECTOR : 0));
        size = newSize;
    }

    @Override
    public long size() throws IOException {
        cipher();
        return size;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        base.force(metaData);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return base.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        base.close();
    }

    @Override
    public String toString() {
        return name;
    }

    private static void readFully(FileChannel file, long position, ByteBuffer dst) throws IOException {
        while (dst.hasRemaining()) {
            int n = file.read(dst, position);
            if (n < 0) {
                throw new EOFException("the file ends before position " + (position + dst.remaining()));
            }
            position += n;
        }
    }

    private static void writeFully(FileChannel file, long position, ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            position += file.write(src, position);
        }
    }
}
