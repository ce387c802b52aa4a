package dev.latchkey.adapter.out.persistence.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.adapter.out.persistence.AuditEventStore;
import dev.latchkey.application.port.out.store.Transactions;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.audit.AuditFilter;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link AuditEventStore} must do: keep every field, list newest first by each filter, page, purge. */
public abstract class AuditEventStoreContract extends OnEmptyStores {

    private static final KeyId KEY_A = new KeyId("AAAAAAAAAAAA");
    private static final KeyId KEY_B = new KeyId("BBBBBBBBBBBB");
    private static final UserId USER = new UserId("01a20500-14f8-749d-b734-6677a3055c10");

    private static AuditEvent event(int second, AuditEventType type, KeyId key) {
        return new AuditEvent(0, Fixtures.T0.plusSeconds(second), type, type != AuditEventType.KEY_REJECTED,
                type == AuditEventType.KEY_REJECTED ? "EXPIRED" : null, key, USER, KEY_B, "2001:db8::7",
                "req-" + second);
    }

    @Test
    void keepsEveryFieldAndGivesIds() {
        AuditEvent written = event(1, AuditEventType.KEY_REJECTED, KEY_A);
        stores.auditEvents().append(written);

        List<AuditEvent> found = stores.auditEvents().find(AuditFilter.ALL, Optional.empty(), 10);

        assertThat(found).hasSize(1);
        assertThat(found.get(0).id()).isPositive();
        assertThat(found.get(0)).isEqualTo(written.withId(found.get(0).id()));
    }

    @Test
    void listsNewestFirstByEachFilterAndPagesWithoutGapsOrRepeats() {
        List<AuditEvent> batch = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            batch.add(event(i / 2, i % 3 == 0 ? AuditEventType.KEY_VERIFIED : AuditEventType.KEY_ISSUED,
                    i % 2 == 0 ? KEY_A : KEY_B));
        }
        stores.auditEvents().appendAll(batch);

        List<AuditEvent> all = AuditPages.paged(stores.auditEvents()::find, AuditFilter.ALL, 7);
        assertThat(all).hasSize(30);
        assertThat(all).extracting(AuditEvent::id).doesNotHaveDuplicates();
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).at()).isBeforeOrEqualTo(all.get(i - 1).at());
        }

        assertThat(stores.auditEvents().find(new AuditFilter(Optional.empty(), Optional.of(KEY_A), Optional.empty(),
                Optional.empty(), Optional.empty()), Optional.empty(), 100)).hasSize(15)
                .allMatch(e -> e.keyId().equals(KEY_A));
        assertThat(stores.auditEvents().find(new AuditFilter(Optional.of(USER), Optional.empty(),
                Optional.of(AuditEventType.KEY_VERIFIED), Optional.empty(), Optional.empty()), Optional.empty(), 100))
                .hasSize(10).allMatch(e -> e.type() == AuditEventType.KEY_VERIFIED);
        assertThat(stores.auditEvents().find(new AuditFilter(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(Fixtures.T0.plusSeconds(5)), Optional.of(Fixtures.T0.plusSeconds(10))), Optional.empty(),
                100)).hasSize(10).allMatch(e -> !e.at().isBefore(Fixtures.T0.plusSeconds(5))
                && e.at().isBefore(Fixtures.T0.plusSeconds(10)));
        assertThat(stores.auditEvents().find(
                new AuditFilter(Optional.of(new UserId("01a20500-14f8-749d-b734-000000000000")),
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()), Optional.empty(), 100))
                .isEmpty();
    }

    @Test
    void aLargeBatchKeepsEveryEventWithItsFields() {
        List<AuditEvent> batch = new ArrayList<>();
        for (int i = 0; i < 1_234; i++) { // more than one statement's worth for the multi-row writers
            batch.add(event(i, i % 5 == 0 ? AuditEventType.KEY_REJECTED : AuditEventType.KEY_VERIFIED,
                    i % 2 == 0 ? KEY_A : KEY_B));
        }
        stores.auditEvents().appendAll(batch);

        List<AuditEvent> found = stores.auditEvents().find(AuditFilter.ALL, Optional.empty(), 2_000);
        assertThat(found).hasSize(1_234);
        assertThat(found).extracting(AuditEvent::id).doesNotHaveDuplicates();
        assertThat(found.stream().map(e -> e.withId(0)).toList()).containsExactlyInAnyOrderElementsOf(batch);
    }

    @Test
    void purgesOnlyWhatIsOlderInBatches() {
        List<AuditEvent> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            batch.add(event(i, AuditEventType.KEY_VERIFIED, KEY_A));
        }
        stores.auditEvents().appendAll(batch);

        assertThat(stores.auditEvents().purgeBefore(Fixtures.T0.plusSeconds(20), 8)).isEqualTo(8);
        assertThat(stores.auditEvents().purgeBefore(Fixtures.T0.plusSeconds(20), 8)).isEqualTo(8);
        assertThat(stores.auditEvents().purgeBefore(Fixtures.T0.plusSeconds(20), 8)).isEqualTo(4);
        assertThat(stores.auditEvents().purgeBefore(Fixtures.T0.plusSeconds(20), 8)).isZero();
        assertThat(stores.auditEvents().find(AuditFilter.ALL, Optional.empty(), 100)).hasSize(5)
                .allMatch(e -> !e.at().isBefore(Fixtures.T0.plusSeconds(20)));
    }

    @Test
    void aChangeAndItsEventCommitTogether() {
        Transactions transactions = stores.transactions();
        User user = fixtures.user("audited");
        transactions.inTransaction(() -> {
            stores.users().add(user);
            stores.auditEvents().append(event(1, AuditEventType.USER_CREATED, null));
        });
        assertThat(stores.users().findById(user.id())).isPresent();
        assertThat(stores.auditEvents().find(AuditFilter.ALL, Optional.empty(), 10)).hasSize(1);
    }

    /** Only a store with transactions can undo: the in-memory one says so by not overriding this. */
    protected boolean rollsBack() {
        return true;
    }

    @Test
    void aFailedChangeLeavesNoEvent() {
        if (!rollsBack()) {
            return;
        }
        User user = fixtures.user("failed");
        assertThatThrownBy(() -> stores.transactions().inTransaction(() -> {
            stores.users().add(user);
            stores.auditEvents().append(event(1, AuditEventType.USER_CREATED, null));
            throw new IllegalStateException("the change fails after writing");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(stores.users().findById(user.id())).isEmpty();
        assertThat(stores.auditEvents().find(AuditFilter.ALL, Optional.empty(), 10)).isEmpty();
    }
}
