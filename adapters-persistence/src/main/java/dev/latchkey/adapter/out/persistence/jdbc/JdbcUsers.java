package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.application.port.out.Users;
import dev.latchkey.domain.user.ExternalIdTaken;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserSearch;
import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/** Users in the {@code users} table. */
@Singleton
@Requires(property = "latchkey.store", value = "jdbc", defaultValue = "jdbc")
@TranslatesStoreFailures
class JdbcUsers implements Users {

    private final UserRowRepository rows;
    private final JdbcKeyChanges changes;

    JdbcUsers(UserRowRepository rows, JdbcKeyChanges changes) {
        this.rows = rows;
        this.changes = changes;
    }

    @Override
    public void add(User user) {
        translatingUniqueViolations(() -> rows.save(RowMapping.toRow(user)));
    }

    /** A user's status decides whether its keys work: every update is recorded in the change feed. */
    @Override
    @Transactional
    public void update(User user) {
        translatingUniqueViolations(() -> rows.update(RowMapping.toRow(user)));
        changes.ownerChanged(user.id());
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
    public List<User> searchAfter(UserSearch search, Optional<UserId> after, int limit) {
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
