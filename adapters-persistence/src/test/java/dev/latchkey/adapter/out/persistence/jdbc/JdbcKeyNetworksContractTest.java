package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.application.port.out.alerts.KeyNetworks;
import dev.latchkey.domain.apikey.KeyId;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The key networks contract on MySQL (MariaDB). */
class JdbcKeyNetworksContractTest extends SqlKeyNetworksContract {

    @RegisterExtension
    static final JdbcStores STORES = new JdbcStores("KeyNetworks");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }

    @Override
    protected KeyNetworks keyNetworks() {
        return STORES.bean(KeyNetworks.class);
    }

    @Override
    protected boolean keyRowFree(KeyId id) {
        return KeyRowLocks.free(STORES.database(), id);
    }
}
