package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.WebhooksContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The webhooks contract on MySQL. */
class JdbcWebhooksContractTest extends WebhooksContract {

    @RegisterExtension
    static final JdbcStores STORES = new JdbcStores("Webhooks");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
