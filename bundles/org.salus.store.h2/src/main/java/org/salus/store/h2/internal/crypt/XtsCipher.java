package org.salus.store.h2.internal.crypt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in XTS mode over 4 KiB sectors, exactly as H2's {@code CIPHER=AES} files use it (one 128-bit key for the data
 * and the tweak; the tweak of sector n is the AES of n in little-endian order, multiplied by alpha in GF(2^128) from one
 * 16-byte block to the next), computed with the JDK's AES, which the JVM runs on the processor's AES instructions.
 * <p>
 * H2 encrypts a sector one 16-byte block at a time with an AES written in Java; here a sector's tweaks are computed
 * first, and the whole sector goes through one AES call, so a store's commit costs a fraction of the CPU it did.
 * Thread-safe: each call takes a JDK cipher of its own from a small pool.
 */
final class XtsCipher {

    /** The sector size: H2's encrypted files are written and read in blocks of this size. */
    static final int SECTOR = 4096;
    private static final int BLOCK = 16;
    private static final long GF_128_FEEDBACK = 0x87;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final SecretKeySpec key;
    private final ConcurrentLinkedQueue<Worker> idle = new ConcurrentLinkedQueue<>();

    /** @param aesKey the 16-byte AES key (copied; the caller wipes its array) */
    XtsCipher(byte[] aesKey) {
        if (aesKey.length != 16) {
            throw new IllegalArgumentException("an AES-128 key has 16 bytes, not " + aesKey.length);
        }
        this.key = new SecretKeySpec(aesKey, "AES");
    }

    /** Encrypts one sector in place. */
    void encrypt(long sector, byte[] data, int offset) {
        crypt(sector, data, offset, true);
    }

    /** Decrypts one sector in place. */
    void decrypt(long sector, byte[] data, int offset) {
        crypt(sector, data, offset, false);
    }

    private void crypt(long sector, byte[] data, int offset, boolean encrypt) {
        Worker w = idle.poll();
        if (w == null) {
            w = new Worker(key);
        }
        try {
            w.crypt(sector, data, offset, encrypt);
        } catch (GeneralSecurityException e) {
            // AES/ECB/NoPadding on whole blocks with a valid key does not fail
            throw new IllegalStateException("AES failed on sector " + sector, e);
        }
        idle.offer(w);
    }

    /** One JDK cipher pair with its buffers; used by one thread at a time. */
    private static final class Worker {
        final Cipher encryptor;
        final Cipher decryptor;
        final byte[] tweak = new byte[BLOCK];
        final byte[] tweaks = new byte[SECTOR];

        Worker(SecretKeySpec key) {
            try {
                encryptor = Cipher.getInstance("AES/ECB/NoPadding");
                encryptor.init(Cipher.ENCRYPT_MODE, key);
                decryptor = Cipher.getInstance("AES/ECB/NoPadding");
                decryptor.init(Cipher.DECRYPT_MODE, key);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this Java runtime offers no AES/ECB/NoPadding cipher", e);
            }
        }

        void crypt(long sector, byte[] data, int offset, boolean encrypt) throws GeneralSecurityException {
            // the first tweak: the sector number, little-endian, encrypted with the data key
            LONGS.set(tweak, 0, sector);
            LONGS.set(tweak, 8, 0L);
            encryptor.doFinal(tweak, 0, BLOCK, tweak, 0);
            long lo = (long) LONGS.get(tweak, 0);
            long hi = (long) LONGS.get(tweak, 8);
            // every following block's tweak is the one before multiplied by alpha; the data is XORed with it before and after
            for (int b = 0; b < SECTOR; b += BLOCK) {
                LONGS.set(tweaks, b, lo);
                LONGS.set(tweaks, b + 8, hi);
                int at = offset + b;
                LONGS.set(data, at, (long) LONGS.get(data, at) ^ lo);
                LONGS.set(data, at + 8, (long) LONGS.get(data, at + 8) ^ hi);
                long carry = hi >> 63;
                hi = (hi << 1) | (lo >>> 63);
                lo = (lo << 1) ^ (carry & GF_128_FEEDBACK);
            }
            (encrypt ? encryptor : decryptor).doFinal(data, offset, SECTOR, data, offset);
            for (int b = 0; b < SECTOR; b += 8) {
                LONGS.set(data, offset + b, (long) LONGS.get(data, offset + b) ^ (long) LONGS.get(tweaks, b));
            }
        }
    }
}
