package dev.latchkey.application.port.in;

import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.KeyMetadata;
import dev.latchkey.domain.apikey.Scopes;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Changes a key's name, scopes, expiry or meta; the next request sees the change. Throws {@code ApiKeyNotFound}. */
public interface UpdateApiKey {

    ApiKey update(Command command);

    /** Only what is present changes; a present-but-empty {@code expiresAt} or {@code meta} removes it. */
    record Command(KeyId id, Optional<String> name, Optional<Scopes> scopes, Optional<Optional<Instant>> expiresAt,
                   Optional<Optional<KeyMetadata>> meta) {
        public Command {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(scopes, "scopes");
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(meta, "meta");
        }
    }
}
