package org.salus.store.h2.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system ({@code budget:}) over the real disk that fails writes with "No space left on device" once a
 * byte budget is spent: a full disk, for tests.
 */
public class FilePathBudget extends FilePathWrapper {

    static final AtomicLong BUDGET = new AtomicLong(Long.MAX_VALUE);
    private static volatile boolean registered;

    static synchronized void register() {
        if (!registered) {
            FilePath.register(new FilePathBudget());
            registered = true;
        }
    }

    @Override
    public String getScheme() {
        return "budget";
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        FileChannel base = getBase().open(mode);
        return new FileBase() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                return base.read(dst);
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return base.read(dst, position);
            }

            @Override
            public int write(ByteBuffer src) throws IOException {
                charge(src.remaining());
                return base.write(src);
            }

            @Override
            public int write(ByteBuffer src, long position) throws IOException {
                charge(src.remaining());
                return base.write(src, position);
            }

            @Override
            public long position() throws IOException {
                return base.position();
            }

            @Override
            public FileChannel position(long newPosition) throws IOException {
                base.position(newPosition);
                return this;
            }

            @Override
            public long size() throws IOException {
                return base.size();
            }

            @Override
            public FileChannel truncate(long size) throws IOException {
                base.truncate(size);
                return this;
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
        };
    }

    private static void charge(int bytes) throws IOException {
        if (BUDGET.addAndGet(-bytes) < 0) {
            throw new IOException("No space left on device");
        }
    }
}
