package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.KeyNetworksContract;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.application.port.out.alerts.KeyNetworks;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The key networks contract on H2, in the embedded default's MySQL mode. */
class H2KeyNetworksContractTest extends KeyNetworksContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onH2("KeyNetworks");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }

    @Override
    protected KeyNetworks keyNetworks() {
        return STORES.bean(KeyNetworks.class);
    }
}
