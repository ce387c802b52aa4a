package dev.latchkey.adapter.out.accounting.verificationlog;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;

/**
 * A file opened for appending (every write lands at its end, also after a truncation), that opens the path again
 * once the file it holds was moved away or deleted, as log rotation does: looked at at most once per
 * {@code checkEvery}, before a write (a {@code stat} of the path). Writes between the move and that check go to the
 * moved file.
 */
final class ReopeningFile extends OutputStream {

    private final Path path;
    private final long checkEveryNanos;
    private FileOutputStream out;
    private Object fileKey;
    private long lastCheck;

    ReopeningFile(Path path, Duration checkEvery) throws IOException {
        this.path = path;
        this.checkEveryNanos = checkEvery.toNanos();
        open();
    }

    private void open() throws IOException {
        out = new FileOutputStream(path.toFile(), true);
        fileKey = key();
        lastCheck = System.nanoTime();
    }

    private Object key() throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    }

    @Override
    public void write(int b) throws IOException {
        current().write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        current().write(bytes, offset, length);
    }

    /**
     * The file to write to: the one open, or, once it was moved away or deleted (looked at once per check
     * interval), the file now at the path. A file that cannot be opened fails this write, and the next tries again.
     */
    private OutputStream current() throws IOException {
        if (out != null) {
            long now = System.nanoTime();
            if (now - lastCheck < checkEveryNanos || fileKey == null) {
                return out; // not due, or no file keys on this system (then rotate with copytruncate)
            }
            lastCheck = now;
            Object current;
            try {
                current = key();
            } catch (NoSuchFileException e) {
                current = null;
            }
            if (Objects.equals(current, fileKey)) {
                return out;
            }
            out.close();
            out = null;
        }
        open();
        return out;
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
