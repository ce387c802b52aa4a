package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.domain.user.ExternalIdTaken;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserSearch;
import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Users in the {@code users} table. */
@Singleton
@Requires(property = "latchkey.store", value = "jdbc", defaultValue = "jdbc")
@TranslatesStoreFailures
class JdbcUsers implements Users {

    private final UserRowRepository rows;
    private final JdbcKeyChanges changes;
    private final StoreSql db;

    JdbcUsers(UserRowRepository rows, JdbcKeyChanges changes, StoreSql db) {
        this.rows = rows;
        this.changes = changes;
        this.db = db;
    }

    @Override
    public void add(User user) {
        translatingUniqueViolations(() -> rows.save(RowMapping.toRow(user)));
    }

    /**
     * The fields sent, then the status, each a conditional UPDATE on the row as it is when the statement locks it:
     * a user deleted meanwhile matches neither, and the status statement's count says whether this call changed it.
     * A user's status decides whether its keys work: every update is recorded in the change feed.
     */
    @Override
    @Transactional
    public Optional<Update> update(UserId id, Changes sent, Instant at) {
        List<String> assignments = new ArrayList<>();
        List<String> values = new ArrayList<>();
        sent.name().ifPresent(name -> {
            assignments.add("name = ?");
            values.add(name);
        });
        sent.email().ifPresent(email -> {
            assignments.add("email = ?");
            values.add(email.orElse(null));
        });
        int updated = db.jdbc().prepareStatement("UPDATE users SET " + String.join(", ", assignments)
                + (assignments.isEmpty() ? "" : ", ") + "updated_at = ? WHERE id = ? AND status <> 'deleted'",
                statement -> {
                    int index = 1;
                    for (String value : values) {
                        if (value == null) {
                            statement.setNull(index++, Types.VARCHAR);
                        } else {
                            statement.setString(index++, value);
                        }
                    }
                    statement.setObject(index++, RowMapping.toUtc(at));
                    statement.setString(index, id.value());
                    return statement.executeUpdate();
                });
        if (updated == 0) {
            return Optional.empty();
        }
        boolean statusChanged = sent.status().isPresent()
                && rows.changeStatus(id.value(), sent.status().get().wireName()) > 0;
        changes.ownerChanged(id);
        return findById(id).map(user -> new Update(user, statusChanged));
    }

    @Override
    @Transactional
    public boolean delete(UserId id, Instant at) {
        if (rows.delete(id.value(), RowMapping.toUtc(at)) == 0) {
            return false;
        }
        changes.ownerChanged(id);
        return true;
    }

    private static void translatingUniqueViolations(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                throw new ExternalIdTaken();
            }
            throw e;
        }
    }

    @Override
    public Optional<User> findById(UserId id) {
        return rows.findById(id.value()).map(RowMapping::toUser);
    }

    @Override
    public Optional<User> findByExternalId(String externalId) {
        return rows.findByExternalId(externalId).map(RowMapping::toUser);
    }

    @Override
    public List<User> listAfter(Optional<UserId> after, int limit) {
        List<UserRow> page = after.isPresent()
                ? rows.listAfter(after.get().value(), limit)
                : rows.listFirst(limit);
        return page.stream().map(RowMapping::toUser).toList();
    }

    @Override
    @Connectable
    public List<User> searchAfter(UserSearch search, Optional<UserId> after, int limit) {
        db.background().allowLongerStatements(); // a scan of the names: it may take longer than a request's statement
        // the smallest id sorts before every real one: one query serves the first page and the next ones
        String from = after.map(UserId::value).orElse("");
        return rows.searchAfter(likePattern(search), from, limit).stream().map(RowMapping::toUser).toList();
    }

    /** {@code %text%} with LIKE's wildcards (and the escape character, {@code !}) in the text escaped. */
    static String likePattern(UserSearch search) {
        String escaped = search.folded().replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return "%" + escaped + "%";
    }
}
