package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.WebhooksContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The webhooks contract on H2, in the embedded default's MySQL mode. */
class H2WebhooksContractTest extends WebhooksContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onH2("Webhooks");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
