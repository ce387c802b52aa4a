package dev.latchkey.adapter.out.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.persistence.KeyChangeFeed;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.DetailChanges;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.apikey.SecretHasher;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every change that can alter a verification outcome adds a feed row, in the same transaction: run on each database
 * by a nested class of its {@code *KeyChangesTest}.
 */
abstract class KeyChangeFeedCases {

    private static final SecretHasher HASHER =
            new SecretHasher("feed-test-pepper-0123456789abcdef01234".getBytes(StandardCharsets.US_ASCII));
    private static final Instant T0 = Instant.parse("2026-11-22T10:15:30.123456Z");

    private final JdbcStores database;
    private final Random random = new Random(11);
    private Stores stores;
    private KeyChangeFeed feed;
    private User owner;

    /** On the stores of the database under test. */
    KeyChangeFeedCases(JdbcStores database) {
        this.database = database;
    }

    @BeforeEach
    void emptyStoresWithAnOwner() {
        stores = database.empty();
        feed = database.bean(KeyChangeFeed.class);
        owner = User.register(UserId.generate(T0, random), "Ada", null, null, T0);
        stores.users().add(owner);
    }

    private ApiKey key() {
        return ApiKey.issue(ApiKeyToken.generate(KeyPrefix.DEFAULT, random), HASHER, owner.id(), "ci",
                Scopes.parse(List.of("process")), T0, null);
    }

    private List<String> changes() {
        List<String> named = new ArrayList<>();
        long last = 0;
        for (KeyChangeFeed.Change change : feed.after(0, 100)) {
            assertThat(change.id()).isGreaterThan(last);
            last = change.id();
            named.add(change.key() != null ? "key " + change.key().value() : "owner " + change.owner().value());
        }
        return named;
    }

    @Test
    void recordsIssueRevokeUpdateRotationAndOwnerChangesInOrder() {
        ApiKey first = key();
        ApiKey second = key();
        stores.apiKeys().add(first);
        stores.apiKeys().add(second);
        stores.apiKeys().revoke(first.id(), T0.plusSeconds(1));
        stores.apiKeys().revoke(first.id(), T0.plusSeconds(2)); // already revoked: nothing changes, nothing recorded
        stores.apiKeys().updateDetails(second.id(), DetailChanges.NONE.withName("deploy"));
        ApiKey.Rotation rotation = second.rotate(ApiKeyToken.generate(KeyPrefix.DEFAULT, random), HASHER,
                T0.plusSeconds(3), Duration.ZERO);
        stores.apiKeys().rotate(rotation);
        stores.users().update(owner.id(), new Users.Changes(Optional.empty(), Optional.empty(),
                Optional.of(UserStatus.DISABLED)), T0.plusSeconds(4));

        assertThat(changes()).containsExactly("key " + first.id().value(), "key " + second.id().value(),
                "key " + first.id().value(), "key " + second.id().value(), "key " + second.id().value(),
                "key " + rotation.replacement().id().value(), "owner " + owner.id().value());
    }

    @Test
    void aRotationThatLosesRecordsNothingAndLastUseIsNotAChange() {
        ApiKey key = key();
        stores.apiKeys().add(key);
        stores.apiKeys().revoke(key.id(), T0.plusSeconds(1));
        List<String> before = changes();

        ApiKey.Rotation losing = key.rotate(ApiKeyToken.generate(KeyPrefix.DEFAULT, random), HASHER,
                T0.plusSeconds(2), Duration.ZERO); // built from the key before it was revoked
        assertThat(stores.apiKeys().rotate(losing)).isFalse();
        stores.apiKeys().recordUses(Map.of(key.id(), T0.plusSeconds(3)));

        assertThat(changes()).isEqualTo(before);
    }

    @Test
    void listsTheUnrevokedKeysUsedMostRecentlyFirst() {
        ApiKey never = key();
        ApiKey earlier = key();
        ApiKey later = key();
        ApiKey revoked = key();
        List.of(never, earlier, later, revoked).forEach(stores.apiKeys()::add);
        stores.apiKeys().recordUses(Map.of(earlier.id(), T0.plusSeconds(1), later.id(), T0.plusSeconds(2),
                revoked.id(), T0.plusSeconds(3)));
        stores.apiKeys().revoke(revoked.id(), T0.plusSeconds(4));

        List<dev.latchkey.domain.verification.VerifiableKey> recent = new ArrayList<>();
        feed.forEachRecentlyUsed(10, recent::add);

        assertThat(recent).containsExactly(
                dev.latchkey.domain.verification.VerifiableKey.of(later, UserStatus.ACTIVE),
                dev.latchkey.domain.verification.VerifiableKey.of(earlier, UserStatus.ACTIVE));
        recent.clear();
        feed.forEachRecentlyUsed(1, recent::add);
        assertThat(recent).hasSize(1);
    }

    @Test
    void readsAfterAnIdInBatchesPrunesOldRowsAndListsEveryKeyId() {
        List<KeyId> issued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ApiKey key = key();
            stores.apiKeys().add(key);
            issued.add(key.id());
        }
        List<KeyChangeFeed.Change> all = feed.after(0, 100);
        assertThat(feed.after(all.get(1).id(), 2)).extracting(KeyChangeFeed.Change::key)
                .containsExactly(issued.get(2), issued.get(3));

        List<KeyId> listed = new ArrayList<>();
        feed.forEachKeyId(listed::add);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(issued);

        assertThat(feed.pruneBefore(Instant.now().minusSeconds(3600))).isZero();
        assertThat(feed.pruneBefore(Instant.now().plusSeconds(1))).isEqualTo(5);
        assertThat(feed.after(0, 100)).isEmpty();
    }

    @Test
    void prunesABacklogLargerThanOneBatch() {
        int rows = JdbcKeyChanges.PRUNE_BATCH * 2 + 7;
        database.bean(io.micronaut.data.jdbc.runtime.JdbcOperations.class).execute(connection -> {
            try (var insert = connection.prepareStatement(
                    "INSERT INTO key_changes (user_id, changed_at) VALUES (?, ?)")) {
                for (int i = 0; i < rows; i++) {
                    insert.setString(1, owner.id().toString());
                    insert.setObject(2, RowMapping.toUtc(T0));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });

        assertThat(feed.pruneBefore(T0.plusSeconds(1))).isEqualTo(rows);
        assertThat(feed.after(0, 100)).isEmpty();
    }
}
