package dev.latchkey.adapter.out.persistence.jdbc;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
interface UserRowRepository extends GenericRepository<UserRow, String> {

    UserRow save(UserRow row);

    UserRow update(UserRow row);

    Optional<UserRow> findById(String id);

    Optional<UserRow> findByExternalId(String externalId);

    @Query("SELECT * FROM users WHERE status <> 'deleted' ORDER BY id LIMIT :limit")
    List<UserRow> listFirst(int limit);

    @Query("SELECT * FROM users WHERE id > :after AND status <> 'deleted' ORDER BY id LIMIT :limit")
    List<UserRow> listAfter(String after, int limit);
}
