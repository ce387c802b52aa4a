package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.domain.apikey.AllowedCidrs;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.KeyAlerts;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.KeyLineage;
import dev.latchkey.domain.apikey.KeyMetadata;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.apikey.SecretHash;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Converts between rows and domain objects; every stored time is a UTC {@code DATETIME(6)}. */
final class RowMapping {

    private RowMapping() {
    }

    /** One row of a query's result, read into a value. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** Sets {@code parameters} on {@code statement}, in order from the first. */
    static void setAll(PreparedStatement statement, List<?> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }

    /** Runs the query of {@code statement}, its parameters set, and reads every row of the result, in order. */
    static <T> List<T> readAll(PreparedStatement statement, RowReader<T> reader) throws SQLException {
        List<T> found = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                found.add(reader.read(rows));
            }
        }
        return found;
    }

    static LocalDateTime toUtc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant fromUtc(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }

    static UserRow toRow(User user) {
        return new UserRow(user.id().value(), user.name(), user.email(), user.externalId(), user.status().wireName(),
                toUtc(user.createdAt()), toUtc(user.updatedAt()));
    }

    static User toUser(UserRow row) {
        return new User(new UserId(row.id()), row.name(), row.email(), row.externalId(),
                UserStatus.fromWireName(row.status()), fromUtc(row.createdAt()), fromUtc(row.updatedAt()));
    }

    static String scopesOf(ApiKey key) {
        return String.join(" ", key.scopes().names());
    }

    static String allowedCidrsOf(ApiKey key) {
        return key.allowedCidrs() == null ? null : String.join(" ", key.allowedCidrs().texts());
    }

    static ApiKeyRow toRow(ApiKey key) {
        return new ApiKeyRow(key.id().value(), key.owner().value(), key.name(), key.prefix().value(),
                key.secretHash().bytes(), scopesOf(key), toUtc(key.createdAt()),
                toUtc(key.expiresAt()), toUtc(key.revokedAt()), toUtc(key.lastUsedAt()),
                key.meta() == null ? null : key.meta().json(), key.rotatedTo() == null ? null : key.rotatedTo().value(),
                key.rateLimit() == null ? null : key.rateLimit().limit(),
                key.rateLimit() == null ? null : key.rateLimit().periodSeconds(), key.remaining(),
                allowedCidrsOf(key), idOf(key.lineage().rotatedFrom()), key.lineage().selfRotated(),
                idOf(key.lineage().limitsKeyId()), key.alerts().newNetwork(), key.honeytoken(),
                key.honeytokenPresentations());
    }

    static ApiKey toApiKey(ApiKeyRow row) {
        Scopes scopes = Scopes.of(Arrays.stream(row.scopes().split(" "))
                .filter(name -> !name.isEmpty()).map(Scope::new).collect(Collectors.toList()));
        return new ApiKey(new KeyId(row.keyId()), new UserId(row.userId()), row.name(), new KeyPrefix(row.prefix()),
                SecretHash.of(row.secretHash()), scopes, fromUtc(row.createdAt()), fromUtc(row.expiresAt()),
                fromUtc(row.revokedAt()), fromUtc(row.lastUsedAt()),
                row.meta() == null ? null : new KeyMetadata(row.meta()),
                row.rotatedTo() == null ? null : new KeyId(row.rotatedTo()),
                row.rateLimit() == null || row.ratePeriodSeconds() == null ? null
                        : new RateLimit(row.rateLimit(), row.ratePeriodSeconds()),
                row.remaining(),
                row.allowedCidrs() == null ? null : AllowedCidrs.parse(Arrays.asList(row.allowedCidrs().split(" "))),
                row.rotatedFrom() == null ? KeyLineage.ISSUED : new KeyLineage(new KeyId(row.rotatedFrom()),
                        row.selfRotated(), row.limitsKeyId() == null ? null : new KeyId(row.limitsKeyId())),
                new KeyAlerts(row.alertNewNetwork()), row.honeytoken(), row.honeytokenPresentations());
    }

    private static String idOf(KeyId id) {
        return id == null ? null : id.value();
    }
}
