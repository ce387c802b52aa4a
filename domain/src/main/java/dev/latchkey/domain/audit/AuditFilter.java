package dev.latchkey.domain.audit;

import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.user.UserId;
import java.time.Instant;
import java.util.Optional;

/** Which audit events to list: each part, when present, must match; {@code since} inclusive, {@code until} not. */
public record AuditFilter(Optional<UserId> userId, Optional<KeyId> keyId, Optional<AuditEventType> type,
                          Optional<Instant> since, Optional<Instant> until) {

    public static final AuditFilter ALL = new AuditFilter(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    public AuditFilter {
        if (since.isPresent() && until.isPresent() && since.get().isAfter(until.get())) {
            throw new InvalidValueException("since", "since must not be after until");
        }
    }

    public boolean matches(AuditEvent event) {
        return userId.map(id -> id.equals(event.userId())).orElse(true)
                && keyId.map(id -> id.equals(event.keyId())).orElse(true)
                && type.map(t -> t == event.type()).orElse(true)
                && since.map(t -> !event.at().isBefore(t)).orElse(true)
                && until.map(t -> event.at().isBefore(t)).orElse(true);
    }
}
