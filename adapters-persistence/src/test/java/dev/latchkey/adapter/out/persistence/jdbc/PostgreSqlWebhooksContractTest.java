package dev.latchkey.adapter.out.persistence.jdbc;

import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.adapter.out.persistence.contract.WebhooksContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The webhooks contract on PostgreSql. */
class PostgreSqlWebhooksContractTest extends WebhooksContract {

    @RegisterExtension
    static final JdbcStores STORES = JdbcStores.onPostgreSql("Webhooks");

    @Override
    protected Stores emptyStores() {
        return STORES.empty();
    }
}
