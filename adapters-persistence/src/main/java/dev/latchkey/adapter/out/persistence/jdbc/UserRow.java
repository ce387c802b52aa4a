package dev.latchkey.adapter.out.persistence.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.LocalDateTime;

/** A row of {@code users}; times are UTC. */
@MappedEntity("users")
record UserRow(@Id String id, String name, @Nullable String email, @Nullable String externalId, String status,
               LocalDateTime createdAt, LocalDateTime updatedAt) {
}
