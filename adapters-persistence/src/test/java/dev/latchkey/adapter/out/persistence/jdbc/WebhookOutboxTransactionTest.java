package dev.latchkey.adapter.out.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.webhook.WebhookEvent;
import dev.latchkey.domain.webhook.WebhookEventType;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A webhook event is written in the transaction of its change: it is in the outbox exactly when the change committed
 * (on MySQL; the other vendors share the code).
 */
class WebhookOutboxTransactionTest {

    @RegisterExtension
    static final JdbcStores STORES = new JdbcStores("WebhookOutboxTx");

    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00.123456Z");
    private final Random random = new Random(11);

    private User user(String name) {
        return User.register(UserId.generate(T0, random), name, null, null, T0);
    }

    @Test
    void anEventCommitsWithItsChangeOrNotAtAll() {
        Stores stores = STORES.empty();
        User kept = user("kept");
        User rolledBack = user("rolled back");
        WebhookEvent committed = WebhookEvent.of(WebhookEventType.USER_DISABLED, T0, null, kept.id(), Map.of(),
                random);
        WebhookEvent undone = WebhookEvent.of(WebhookEventType.USER_DISABLED, T0, null, rolledBack.id(),
                Map.of(), random);

        stores.transactions().inTransaction(() -> {
            stores.users().add(kept);
            stores.webhookOutbox().append(committed);
        });
        assertThatThrownBy(() -> stores.transactions().inTransaction(() -> {
            stores.users().add(rolledBack);
            stores.webhookOutbox().append(undone);
            throw new IllegalStateException("the change fails after its event was written");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(stores.webhookOutbox().undispatched(10)).extracting(event -> event.eventId())
                .containsExactly(committed.id());
        assertThat(stores.users().findById(rolledBack.id())).isEmpty();
    }
}
