package dev.latchkey.bootstrap.kit;

import dev.latchkey.adapter.out.persistence.AuditEventStore;
import dev.latchkey.adapter.out.persistence.UsageStore;
import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.adapter.out.persistence.contract.Stores;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.port.out.keys.KeyNotices;
import dev.latchkey.application.port.out.store.Leases;
import dev.latchkey.application.port.out.store.Transactions;
import dev.latchkey.application.port.out.usage.UsageQuotas;
import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.application.port.out.verification.VerifiableKeys;
import dev.latchkey.application.port.out.webhooks.WebhookEndpoints;
import dev.latchkey.application.port.out.webhooks.WebhookOutbox;
import dev.latchkey.adapter.out.persistence.UsageStore;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.port.out.keys.KeyNotices;
import dev.latchkey.application.port.out.store.Leases;
import dev.latchkey.application.port.out.store.Transactions;
import dev.latchkey.application.port.out.webhooks.WebhookEndpoints;
import dev.latchkey.application.port.out.webhooks.WebhookOutbox;
import dev.latchkey.application.port.out.usage.UsageQuotas;
import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.application.port.out.verification.VerifiableKeys;
import io.micronaut.context.ApplicationContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The in-memory adapter as an adopter of the contract kit reaches it: through a Micronaut context configured with
 * {@code latchkey.store=memory}, its beans looked up by port, one fresh context (empty stores) per test.
 */
final class MemoryStores implements AfterEachCallback {

    private final List<ApplicationContext> open = new ArrayList<>();

    Stores empty() {
        // the stores are in memory; the datasource the wiring still builds is too, never a file under ./data
        ApplicationContext context = ApplicationContext.run(Map.of("latchkey.store", "memory",
                "datasources.default.url", "jdbc:h2:mem:kit-" + java.util.UUID.randomUUID()
                        + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE"));
        open.add(context);
        return new Stores(context.getBean(Users.class), context.getBean(ApiKeys.class),
                context.getBean(VerifiableKeys.class), context.getBean(UsageQuotas.class),
                context.getBean(AuditEventStore.class), context.getBean(UsageStore.class),
                context.getBean(Transactions.class), context.getBean(WebhookEndpoints.class),
                context.getBean(WebhookOutbox.class), context.getBean(Leases.class),
                context.getBean(KeyNotices.class), context.getBean(VerificationSummaryStore.class));
    }

    @Override
    public void afterEach(ExtensionContext extension) {
        open.forEach(ApplicationContext::close);
        open.clear();
    }
}
