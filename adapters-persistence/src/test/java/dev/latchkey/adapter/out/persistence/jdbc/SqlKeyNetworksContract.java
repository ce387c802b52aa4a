package dev.latchkey.adapter.out.persistence.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.adapter.out.persistence.contract.KeyNetworksContract;
import dev.latchkey.application.port.out.alerts.KeyNetworks.Sighting;
import dev.latchkey.domain.apikey.KeyId;
import org.junit.jupiter.api.Test;

/**
 * The key networks contract on a server database, where another connection can ask for a key's {@code api_keys} row
 * without waiting ({@code FOR UPDATE NOWAIT}): a sighting must leave it free.
 */
abstract class SqlKeyNetworksContract extends KeyNetworksContract {

    /** Whether another connection could lock {@code id}'s {@code api_keys} row at once, as a quota decrement does. */
    protected abstract boolean keyRowFree(KeyId id);

    /**
     * M3: a sighting locked the key's api_keys row to its commit (after the audit chain's head): quota decrements
     * waited behind it, and a change of keys (key row, then chain head) could deadlock with it.
     */
    @Test
    void aSightingLeavesTheKeysRowFree() {
        sight(HOME, T0);
        boolean free = inTransaction(() -> {
            assertThat(keyNetworks().sight(key.id(), OFFICE, T0.plusSeconds(60), T0.minus(MEMORY), 64))
                    .isEqualTo(Sighting.NEW);
            return keyRowFree(key.id());
        });
        assertThat(free).isTrue();
    }
}
