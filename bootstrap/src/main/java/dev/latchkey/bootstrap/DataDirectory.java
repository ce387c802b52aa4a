package dev.latchkey.bootstrap;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The data directory ({@code latchkey.data-dir}) and the files Latchkey keeps in it: created for the owner alone
 * (0700, files 0600) as they are created, never loosened and tightened afterwards. One that exists is left as it is.
 */
final class DataDirectory {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private DataDirectory() {
    }

    /** Creates {@code dir} (and any missing parent) owner-only; nothing if it exists. */
    static Path create(Path dir) throws IOException {
        return POSIX ? Files.createDirectories(dir, ownerOnly("rwx------")) : Files.createDirectories(dir);
    }

    /** A new empty file in {@code dir}, named after {@code prefix}, created owner-only (0600). */
    static Path createPrivateFile(Path dir, String prefix) throws IOException {
        // Windows: the directory's ACL applies
        return POSIX ? Files.createTempFile(dir, prefix, ".new", ownerOnly("rw-------"))
                : Files.createTempFile(dir, prefix, ".new");
    }

    private static FileAttribute<?> ownerOnly(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }
}
