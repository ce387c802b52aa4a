package dev.latchkey.adapter.out.persistence.jdbc;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The directory of the embedded H2 database ({@code jdbc:h2:file:./data/latchkey}, the default) is created for the
 * owner alone (0700) before H2 opens the database, which would create it readable by everyone (the process umask):
 * the database holds every key's hash and the audit trail. A directory that exists is left as it is.
 */
@Singleton
class EmbeddedDatabaseDirectory implements BeanCreatedEventListener<DatasourceConfiguration> {

    private static final String H2_FILE = "jdbc:h2:file:";

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        String url = event.getBean().getUrl();
        directoryOf(url).ifPresent(EmbeddedDatabaseDirectory::create);
        return event.getBean();
    }

    /** The directory of a file-backed H2 URL's database; empty for any other URL. */
    static Optional<Path> directoryOf(String url) {
        if (url == null || !url.startsWith(H2_FILE)) {
            return Optional.empty();
        }
        String name = url.substring(H2_FILE.length());
        int settings = name.indexOf(';');
        name = settings < 0 ? name : name.substring(0, settings);
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        return Optional.ofNullable(Path.of(name).toAbsolutePath().normalize().getParent());
    }

    static void create(Path directory) {
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(directory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database directory " + directory, e);
        }
    }
}
