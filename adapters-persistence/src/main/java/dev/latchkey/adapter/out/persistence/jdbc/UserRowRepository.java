package dev.latchkey.adapter.out.persistence.jdbc;

import io.micronaut.context.annotation.Requires;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The queries on {@code users}, written once in SQL that every supported database runs; the generated ones are built
 * per dialect by the one implementation the URL selects.
 */
interface UserRowRepository extends GenericRepository<UserRow, String> {

    @JdbcRepository(dialect = Dialect.MYSQL)
    @Requires(property = DatabaseVendor.URL_PROPERTY, pattern = DatabaseVendor.MYSQL_URLS)
    interface OnMySql extends UserRowRepository {
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    @Requires(property = DatabaseVendor.URL_PROPERTY, pattern = DatabaseVendor.POSTGRESQL_URLS)
    interface OnPostgreSql extends UserRowRepository {
    }

    UserRow save(UserRow row);

    /** Sets a status other than deleted, on a user that is not deleted and not in that status already. */
    @Query("UPDATE users SET status = :status WHERE id = :id AND status <> 'deleted' AND status <> :status")
    long changeStatus(String id, String status);

    /** Deletes a user unless it already is: its externalId is freed for a new user. */
    @Query("UPDATE users SET status = 'deleted', external_id = NULL, updated_at = :at"
            + " WHERE id = :id AND status <> 'deleted'")
    long delete(String id, LocalDateTime at);

    Optional<UserRow> findById(String id);

    Optional<UserRow> findByExternalId(String externalId);

    @Query("SELECT * FROM users WHERE status <> 'deleted' ORDER BY id LIMIT :limit")
    List<UserRow> listFirst(int limit);

    @Query("SELECT * FROM users WHERE id > :after AND status <> 'deleted' ORDER BY id LIMIT :limit")
    List<UserRow> listAfter(String after, int limit);

    /** {@code pattern} is lowered A-Z only, as LOWER() lowers every column on every store (their collations are binary). */
    @Query("SELECT * FROM users WHERE id > :after AND status <> 'deleted' AND (LOWER(name) LIKE :pattern ESCAPE '!'"
            + " OR LOWER(email) LIKE :pattern ESCAPE '!' OR LOWER(external_id) LIKE :pattern ESCAPE '!')"
            + " ORDER BY id LIMIT :limit")
    List<UserRow> searchAfter(String pattern, String after, int limit);
}
