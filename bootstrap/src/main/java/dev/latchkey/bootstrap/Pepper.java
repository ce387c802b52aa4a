package dev.latchkey.bootstrap;

import dev.latchkey.domain.apikey.SecretHasher;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-side secret that keys the hash of every API key secret. From {@code LATCHKEY_PEPPER}; without it,
 * from a file under the data directory, created with a random pepper on first start, so that a newcomer's
 * service runs with nothing configured. Losing the pepper makes every issued key unusable.
 */
record Pepper(byte[] bytes) {

    @Override
    public String toString() {
        return "Pepper[redacted]";
    }

    @Factory
    static class PepperFactory {

        private static final Logger LOG = LoggerFactory.getLogger(Pepper.class);
        static final String FILE_NAME = "pepper";

        @Singleton
        Pepper pepper(@Value("${latchkey.pepper:}") @Nullable String configured,
                      @Value("${latchkey.data-dir:data}") String dataDir) {
            if (configured != null && !configured.isEmpty()) {
                byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
                if (bytes.length < SecretHasher.MIN_PEPPER_BYTES) {
                    throw new IllegalStateException("LATCHKEY_PEPPER must be at least "
                            + SecretHasher.MIN_PEPPER_BYTES + " bytes; e.g. openssl rand -base64 48");
                }
                return new Pepper(bytes);
            }
            Path file = Path.of(dataDir).resolve(FILE_NAME).toAbsolutePath();
            LOG.warn("LATCHKEY_PEPPER is not set: using the pepper in {} (created if missing). Back it up, and give "
                    + "every instance the same pepper through LATCHKEY_PEPPER in production.", file);
            return new Pepper(readOrCreate(file));
        }

        private static byte[] readOrCreate(Path file) {
            try {
                if (!Files.exists(file)) {
                    create(file);
                }
                byte[] bytes = Files.readString(file).strip().getBytes(StandardCharsets.UTF_8);
                if (bytes.length < SecretHasher.MIN_PEPPER_BYTES) {
                    throw new IllegalStateException("the pepper file " + file + " is too short");
                }
                return bytes;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read or create the pepper file " + file, e);
            }
        }

        /**
         * Writes a random pepper into a file of its own that is created owner-only (0600: never readable by anyone
         * else, not even between a write and a chmod), in a data directory created owner-only (0700), then links it
         * into place: a process starting beside this one sees no pepper or the whole of it, and if it linked one
         * first, that one is kept.
         */
        private static void create(Path file) throws IOException {
            DataDirectory.create(file.getParent());
            byte[] random = new byte[48];
            new SecureRandom().nextBytes(random);
            Path written = DataDirectory.createPrivateFile(file.getParent(), FILE_NAME);
            try {
                Files.writeString(written, Base64.getEncoder().encodeToString(random));
                try {
                    Files.createLink(file, written);
                } catch (FileAlreadyExistsException raced) {
                    throw raced;
                } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
                    Files.move(written, file); // never replaces one that exists
                }
            } catch (FileAlreadyExistsException raced) {
                // another process created it first: use theirs
            } finally {
                Files.deleteIfExists(written);
            }
        }
    }
}
