package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.application.port.out.webhooks.WebhookEndpoints;
import dev.latchkey.application.port.out.webhooks.WebhookOutbox;
import dev.latchkey.domain.webhook.WebhookDelivery;
import dev.latchkey.domain.webhook.WebhookEndpoint;
import dev.latchkey.domain.webhook.WebhookEvent;
import dev.latchkey.domain.webhook.WebhookEventType;
import dev.latchkey.domain.webhook.WebhookId;
import dev.latchkey.domain.webhook.WebhookSecretBox;
import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Webhook endpoints, the outbox ({@code webhook_events}) and the deliveries, in plain SQL that runs on MySQL,
 * MariaDB, H2 and PostgreSQL alike. An event is appended in the caller's transaction (the change's). Endpoints'
 * secrets are stored sealed ({@link WebhookSecretBox}) and opened as they are read.
 */
@Singleton
@Requires(property = "latchkey.store", value = "jdbc", defaultValue = "jdbc")
@TranslatesStoreFailures
class JdbcWebhooks implements WebhookEndpoints, WebhookOutbox {

    private static final String ENDPOINT_COLUMNS = "w.id, w.url, w.events, w.secret, w.created_at";
    private static final String DELIVERY_COLUMNS = "d.id, d.endpoint_id, d.event_id, d.event_type, d.created_at,"
            + " d.status, d.attempts, d.last_attempt_at, d.last_response_status, d.next_attempt_at, d.last_error";

    private final StoreSql db;
    private final WebhookSecretBox secrets;

    JdbcWebhooks(StoreSql db, WebhookSecretBox secrets) {
        this.db = db;
        this.secrets = secrets;
    }

    @Override
    @Transactional
    public void add(WebhookEndpoint endpoint) {
        db.jdbc().prepareStatement("INSERT INTO webhook_endpoints (id, url, events, secret, created_at)"
                + " VALUES (?, ?, ?, ?, ?)", statement -> {
            statement.setString(1, endpoint.id().value());
            statement.setString(2, endpoint.url().toString());
            statement.setString(3, endpoint.events().stream().map(WebhookEventType::wireName).sorted()
                    .collect(Collectors.joining(" ")));
            statement.setString(4, secrets.seal(endpoint.secret(), endpoint.id()));
            statement.setObject(5, RowMapping.toUtc(endpoint.createdAt()));
            return statement.executeUpdate();
        });
    }

    @Override
    @Connectable
    public Optional<WebhookEndpoint> findById(WebhookId id) {
        return db.jdbc().prepareStatement("SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoints w WHERE w.id = ?",
                statement -> {
                    statement.setString(1, id.value());
                    try (ResultSet rows = statement.executeQuery()) {
                        return rows.next() ? Optional.of(endpoint(rows, 1)) : Optional.<WebhookEndpoint>empty();
                    }
                });
    }

    @Override
    @Connectable
    public List<WebhookEndpoint> all() {
        return db.jdbc().prepareStatement("SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoints w"
                + " ORDER BY w.created_at, w.id", statement -> {
                    return RowMapping.readAll(statement, rows -> endpoint(rows, 1));
                });
    }

    /** The deliveries go with the endpoint: the foreign key cascades. */
    @Override
    @Transactional
    public boolean delete(WebhookId id) {
        return db.jdbc().prepareStatement("DELETE FROM webhook_endpoints WHERE id = ?", statement -> {
            statement.setString(1, id.value());
            return statement.executeUpdate();
        }) > 0;
    }

    @Override
    @Transactional
    public void append(WebhookEvent event) {
        db.jdbc().prepareStatement("INSERT INTO webhook_events (event_id, type, occurred_at, key_id, user_id, body,"
                + " dispatched) VALUES (?, ?, ?, ?, ?, ?, ?)", statement -> {
            statement.setString(1, event.id());
            statement.setString(2, event.type().wireName());
            statement.setObject(3, RowMapping.toUtc(event.at()));
            statement.setString(4, event.keyId() == null ? null : event.keyId().value());
            statement.setString(5, event.userId() == null ? null : event.userId().value());
            statement.setString(6, event.body());
            statement.setBoolean(7, false);
            return statement.executeUpdate();
        });
    }

    @Override
    @Connectable
    public List<NewEvent> undispatched(int limit) {
        return db.jdbc().prepareStatement("SELECT event_id, type FROM webhook_events WHERE dispatched = ?"
                + " ORDER BY id LIMIT ?", statement -> {
                    statement.setBoolean(1, false);
                    statement.setInt(2, limit);
                    List<NewEvent> found = new ArrayList<>();
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            String eventId = rows.getString(1);
                            WebhookEventType.fromWireName(rows.getString(2))
                                    .ifPresent(type -> found.add(new NewEvent(eventId, type)));
                        }
                    }
                    return found;
                });
    }

    /** The conditional update decides which of two passes hands the event out; the other's inserts never happen. */
    @Override
    @Transactional
    public void dispatch(NewEvent event, List<WebhookId> endpoints, Instant now) {
        int claimed = db.jdbc().prepareStatement("UPDATE webhook_events SET dispatched = ? WHERE event_id = ?"
                + " AND dispatched = ?", statement -> {
                    statement.setBoolean(1, true);
                    statement.setString(2, event.eventId());
                    statement.setBoolean(3, false);
                    return statement.executeUpdate();
                });
        if (claimed != 1 || endpoints.isEmpty()) {
            return;
        }
        db.jdbc().prepareStatement("INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, created_at,"
                + " status, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)", statement -> {
                    LocalDateTime at = RowMapping.toUtc(now);
                    for (WebhookId endpoint : endpoints) {
                        statement.setString(1, endpoint.value());
                        statement.setString(2, event.eventId());
                        statement.setString(3, event.type().wireName());
                        statement.setObject(4, at);
                        statement.setString(5, WebhookDelivery.Status.PENDING.wireName());
                        statement.setInt(6, 0);
                        statement.setObject(7, at);
                        statement.addBatch();
                    }
                    return statement.executeBatch().length;
                });
    }

    @Override
    @Connectable
    public List<DueDelivery> due(Instant now, int limit) {
        return db.jdbc().prepareStatement("SELECT d.id, d.event_id, d.attempts, e.body, " + ENDPOINT_COLUMNS
                + " FROM webhook_deliveries d JOIN webhook_events e ON e.event_id = d.event_id"
                + " JOIN webhook_endpoints w ON w.id = d.endpoint_id"
                + " WHERE d.status = ? AND d.next_attempt_at <= ? AND (d.claimed_until IS NULL OR d.claimed_until <= ?)"
                + " ORDER BY d.next_attempt_at, d.id LIMIT ?",
                statement -> {
                    LocalDateTime at = RowMapping.toUtc(now);
                    statement.setString(1, WebhookDelivery.Status.PENDING.wireName());
                    statement.setObject(2, at);
                    statement.setObject(3, at);
                    statement.setInt(4, limit);
                    return RowMapping.readAll(statement, rows -> new DueDelivery(rows.getLong(1), endpoint(rows, 5),
                            rows.getString(2), rows.getString(4), rows.getInt(3)));
                });
    }

    /** One conditional update: of two nodes racing for the row, the database lets one change it. */
    @Override
    @Connectable
    public boolean claim(DueDelivery delivery, Instant now, Instant until) {
        return db.jdbc().prepareStatement("UPDATE webhook_deliveries SET claimed_until = ? WHERE id = ? AND status = ?"
                + " AND attempts = ? AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?)",
                statement -> {
                    LocalDateTime at = RowMapping.toUtc(now);
                    statement.setObject(1, RowMapping.toUtc(until));
                    statement.setLong(2, delivery.id());
                    statement.setString(3, WebhookDelivery.Status.PENDING.wireName());
                    statement.setInt(4, delivery.attempts());
                    statement.setObject(5, at);
                    statement.setObject(6, at);
                    return statement.executeUpdate();
                }) == 1;
    }

    @Override
    @Connectable
    public void recordAttempt(long deliveryId, Attempt attempt) {
        db.jdbc().prepareStatement("UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = ?,"
                + " last_response_status = ?, status = ?, next_attempt_at = ?, last_error = ?, claimed_until = NULL"
                + " WHERE id = ?", statement -> {
                    statement.setObject(1, RowMapping.toUtc(attempt.at()));
                    if (attempt.responseStatus() == null) {
                        statement.setNull(2, Types.INTEGER);
                    } else {
                        statement.setInt(2, attempt.responseStatus());
                    }
                    statement.setString(3, attempt.status().wireName());
                    statement.setObject(4, RowMapping.toUtc(attempt.nextAttemptAt()));
                    statement.setString(5, attempt.error());
                    statement.setLong(6, deliveryId);
                    return statement.executeUpdate();
                });
    }

    /**
     * Old deliveries first, then the old events no pending delivery needs, each by id so that one statement holds
     * at most {@code batch} rows (MySQL cannot DELETE ... LIMIT from a subquery on the same table).
     */
    @Override
    @Transactional
    public int purgeBefore(Instant before, int batch) {
        db.background().allowLongerStatements();
        LocalDateTime cutoff = RowMapping.toUtc(before);
        List<Long> deliveries = ids("SELECT id FROM webhook_deliveries WHERE status <> ? AND created_at < ?"
                + " ORDER BY id LIMIT ?", WebhookDelivery.Status.PENDING.wireName(), cutoff, batch);
        List<Long> events = ids("SELECT e.id FROM webhook_events e WHERE e.dispatched = TRUE AND e.occurred_at < ?"
                + " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.event_id"
                + " AND d.status = ?) ORDER BY e.id LIMIT ?", cutoff, WebhookDelivery.Status.PENDING.wireName(), batch);
        return deleteByIds("webhook_deliveries", deliveries) + deleteByIds("webhook_events", events);
    }

    private List<Long> ids(String sql, Object... parameters) {
        return db.jdbc().prepareStatement(sql, statement -> {
            RowMapping.setAll(statement, Arrays.asList(parameters));
            return RowMapping.readAll(statement, rows -> rows.getLong(1));
        });
    }

    private int deleteByIds(String table, List<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return db.jdbc().prepareStatement("DELETE FROM " + table + " WHERE id IN ("
                + ids.stream().map(id -> "?").collect(Collectors.joining(", ")) + ")", statement -> {
                    for (int i = 0; i < ids.size(); i++) {
                        statement.setLong(i + 1, ids.get(i));
                    }
                    return statement.executeUpdate();
                });
    }

    @Override
    @Connectable
    public List<WebhookDelivery> deliveriesOf(WebhookId endpoint, Optional<Long> beforeId, int limit) {
        return db.jdbc().prepareStatement("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries d"
                + " WHERE d.endpoint_id = ? AND d.id < ? ORDER BY d.id DESC LIMIT ?", statement -> {
                    statement.setString(1, endpoint.value());
                    statement.setLong(2, beforeId.orElse(Long.MAX_VALUE));
                    statement.setInt(3, limit);
                    return RowMapping.readAll(statement, JdbcWebhooks::delivery);
                });
    }

    private WebhookEndpoint endpoint(ResultSet rows, int first) throws SQLException {
        WebhookId id = new WebhookId(rows.getString(first));
        return new WebhookEndpoint(id, URI.create(rows.getString(first + 1)),
                Arrays.stream(rows.getString(first + 2).split(" ")).map(WebhookEventType::fromWireName)
                        .flatMap(Optional::stream).collect(Collectors.toSet()),
                secrets.open(rows.getString(first + 3), id),
                RowMapping.fromUtc(rows.getObject(first + 4, LocalDateTime.class)));
    }

    private static WebhookDelivery delivery(ResultSet rows) throws SQLException {
        int lastStatus = rows.getInt(9);
        Integer lastResponseStatus = rows.wasNull() ? null : lastStatus;
        return new WebhookDelivery(rows.getLong(1), new WebhookId(rows.getString(2)), rows.getString(3),
                WebhookEventType.fromWireName(rows.getString(4)).orElseThrow(),
                RowMapping.fromUtc(rows.getObject(5, LocalDateTime.class)),
                WebhookDelivery.Status.fromWireName(rows.getString(6)), rows.getInt(7),
                RowMapping.fromUtc(rows.getObject(8, LocalDateTime.class)), lastResponseStatus, rows.getString(11),
                RowMapping.fromUtc(rows.getObject(10, LocalDateTime.class)));
    }
}
