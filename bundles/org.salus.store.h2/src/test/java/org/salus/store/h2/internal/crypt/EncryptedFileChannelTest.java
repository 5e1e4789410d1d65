package org.salus.store.h2.internal.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.h2.store.fs.encrypt.FileEncrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file format against H2's own {@code CIPHER=AES} implementation ({@link FileEncrypt}): what one writes, the other
 * reads, sector by sector and at odd offsets and lengths, and the data on the disk is not the data written.
 */
class EncryptedFileChannelTest {

    private static final int SECTOR = XtsCipher.SECTOR;

    @TempDir
    Path dir;

    private static byte[] password(String key) {
        // the bytes H2 hands its FileEncrypt for a CIPHER=AES file password (see EncryptedFilePath.unlock)
        byte[] p = new byte[key.length() * 2];
        for (int i = 0; i < key.length(); i++) {
            p[2 * i + 1] = (byte) key.charAt(i);
        }
        return p;
    }

    private FileChannel raw(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /**
     * Writes whole sectors, then an odd tail, then an odd piece inside the last sector; returns what the file must hold.
     * (An odd piece in the middle of H2's own files clears the start of the next sector, see EncryptedFileChannel.)
     */
    private static byte[] writeMixed(FileChannel c) throws IOException {
        byte[] expected = random(7, 5 * SECTOR + 1234);
        c.write(ByteBuffer.wrap(expected, 0, 4 * SECTOR), 0);
        c.write(ByteBuffer.wrap(expected, 4 * SECTOR, 1234 + SECTOR), 4 * SECTOR);
        byte[] patch = random(8, 777);
        c.write(ByteBuffer.wrap(patch), 5 * SECTOR + 100);
        System.arraycopy(patch, 0, expected, 5 * SECTOR + 100, patch.length);
        c.force(true);
        return expected;
    }

    @Test
    void anOddPieceInTheMiddleChangesOnlyItsOwnBytes() throws IOException {
        Path file = dir.resolve("middle.mv.db");
        byte[] expected;
        try (FileChannel ours = new EncryptedFileChannel("ours", password("k"), raw(file), false)) {
            expected = writeMixed(ours);
            byte[] patch = random(10, 777);
            ours.write(ByteBuffer.wrap(patch), 2 * SECTOR + 3500);
            System.arraycopy(patch, 0, expected, 2 * SECTOR + 3500, patch.length);
            assertEquals(expected.length, ours.size());
        }
        try (FileChannel ours = new EncryptedFileChannel("ours", password("k"), raw(file), false)) {
            assertEquals(expected.length, ours.size());
            assertArrayEquals(expected, readAll(ours));
        }
    }

    private static byte[] readAll(FileChannel c) throws IOException {
        byte[] all = new byte[(int) c.size()];
        ByteBuffer b = ByteBuffer.wrap(all);
        while (b.hasRemaining()) {
            if (c.read(b, b.position()) < 0) {
                break;
            }
        }
        return all;
    }

    @Test
    void whatH2WritesIsReadHere() throws IOException {
        Path file = dir.resolve("h2.mv.db");
        byte[] expected;
        try (FileChannel h2 = new FileEncrypt("h2", password("a1b2c3"), raw(file))) {
            expected = writeMixed(h2);
        }
        try (FileChannel ours = new EncryptedFileChannel("ours", password("a1b2c3"), raw(file), false)) {
            assertEquals(expected.length, ours.size());
            assertArrayEquals(expected, readAll(ours));
            ByteBuffer odd = ByteBuffer.allocate(300);
            ours.read(odd, 3 * SECTOR - 150);
            assertArrayEquals(Arrays.copyOfRange(expected, 3 * SECTOR - 150, 3 * SECTOR + 150), odd.array());
        }
    }

    @Test
    void whatIsWrittenHereH2Reads() throws IOException {
        Path file = dir.resolve("ours.mv.db");
        byte[] expected;
        try (FileChannel ours = new EncryptedFileChannel("ours", password("a1b2c3"), raw(file), false)) {
            expected = writeMixed(ours);
        }
        byte[] onDisk = Files.readAllBytes(file);
        assertEquals("H2encrypt\n", new String(onDisk, 0, 10, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertNotEquals(Arrays.toString(Arrays.copyOfRange(expected, 0, 64)),
                Arrays.toString(Arrays.copyOfRange(onDisk, SECTOR, SECTOR + 64)), "the data is stored encrypted");
        try (FileChannel h2 = new FileEncrypt("h2", password("a1b2c3"), raw(file))) {
            assertEquals(expected.length, h2.size());
            assertArrayEquals(expected, readAll(h2));
        }
    }

    @Test
    void truncatingKeepsTheFormat() throws IOException {
        Path file = dir.resolve("cut.mv.db");
        byte[] expected;
        try (FileChannel ours = new EncryptedFileChannel("ours", password("k"), raw(file), false)) {
            expected = writeMixed(ours);
            ours.truncate(2 * SECTOR + 10);
            assertEquals(2 * SECTOR + 10, ours.size());
        }
        try (FileChannel h2 = new FileEncrypt("h2", password("k"), raw(file))) {
            assertEquals(2 * SECTOR + 10, h2.size());
            assertArrayEquals(Arrays.copyOf(expected, 2 * SECTOR), Arrays.copyOf(readAll(h2), 2 * SECTOR));
        }
    }

    @Test
    void aStoreFileWithAnotherKeyIsRefusedBeforeAnythingIsRead() throws IOException {
        Path file = dir.resolve("store.mv.db");
        try (FileChannel ours = new EncryptedFileChannel("ours", password("right"), raw(file), true)) {
            byte[] header = Arrays.copyOf("H:2,block:2,blockSize:1000,chunk:0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 2 * SECTOR);
            ours.write(ByteBuffer.wrap(header), 0);
        }
        byte[] before = Files.readAllBytes(file);
        try (FileChannel right = new EncryptedFileChannel("ours", password("right"), raw(file), true)) {
            assertEquals(2 * SECTOR, right.size());
        }
        try (FileChannel wrong = new EncryptedFileChannel("clinic.mv.db", password("wrong"), raw(file), true)) {
            KeyMismatchException e = assertThrows(KeyMismatchException.class, wrong::size);
            assertEquals("the key does not decrypt clinic.mv.db (neither copy of its header reads back)", e.getMessage());
        }
        assertArrayEquals(before, Files.readAllBytes(file), "nothing was written");
    }

    @Test
    void manyThreadsReadAtOnce() throws Exception {
        Path file = dir.resolve("shared.mv.db");
        byte[] data = random(9, 64 * SECTOR);
        try (FileChannel ours = new EncryptedFileChannel("ours", password("k"), raw(file), false)) {
            ours.write(ByteBuffer.wrap(data), 0);
            Thread[] readers = new Thread[4];
            Throwable[] failure = new Throwable[1];
            for (int t = 0; t < readers.length; t++) {
                int first = t;
                readers[t] = new Thread(() -> {
                    try {
                        for (int round = 0; round < 200; round++) {
                            int sector = (first * 13 + round * 7) % 64;
                            ByteBuffer b = ByteBuffer.allocate(SECTOR);
                            ours.read(b, (long) sector * SECTOR);
                            assertArrayEquals(Arrays.copyOfRange(data, sector * SECTOR, (sector + 1) * SECTOR), b.array());
                        }
                    } catch (Throwable e) {
                        failure[0] = e;
                    }
                });
                readers[t].start();
            }
            for (Thread r : readers) {
                r.join();
            }
            if (failure[0] != null) {
                throw new AssertionError(failure[0]);
            }
        }
    }
}
