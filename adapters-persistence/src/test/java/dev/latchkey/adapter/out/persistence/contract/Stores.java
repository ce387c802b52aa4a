package dev.latchkey.adapter.out.persistence.contract;

import dev.latchkey.adapter.out.persistence.AuditEventStore;
import dev.latchkey.adapter.out.persistence.UsageStore;
import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.port.out.keys.HoneytokenPresentations;
import dev.latchkey.application.port.out.keys.KeyNotices;
import dev.latchkey.application.port.out.store.Leases;
import dev.latchkey.application.port.out.store.Transactions;
import dev.latchkey.application.port.out.usage.UsageQuotas;
import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.application.port.out.verification.VerifiableKeys;
import dev.latchkey.application.port.out.webhooks.WebhookEndpoints;
import dev.latchkey.application.port.out.webhooks.WebhookOutbox;
import dev.latchkey.adapter.out.persistence.AuditEventStore;
import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.adapter.out.persistence.UsageStore;
import dev.latchkey.application.port.out.store.Transactions;
import dev.latchkey.application.port.out.usage.UsageQuotas;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.application.port.out.verification.VerifiableKeys;
import dev.latchkey.application.port.out.keys.KeyNotices;
import dev.latchkey.application.port.out.store.Leases;
import dev.latchkey.application.port.out.webhooks.WebhookEndpoints;
import dev.latchkey.application.port.out.webhooks.WebhookOutbox;

/**
 * One implementation's out-ports, empty, for a contract test; {@code honeytokenPresentations} {@code null} when the
 * store keeps none (its cases in {@link ApiKeysContract} are then skipped).
 */
public record Stores(Users users, ApiKeys apiKeys, VerifiableKeys verifiableKeys, UsageQuotas quotas,
                     AuditEventStore auditEvents, UsageStore usage, Transactions transactions,
                     WebhookEndpoints webhookEndpoints, WebhookOutbox webhookOutbox, Leases leases,
                     KeyNotices keyNotices, VerificationSummaryStore summaries,
                     HoneytokenPresentations honeytokenPresentations) {

    /** A store that keeps no honeytokens' presentations. */
    public Stores(Users users, ApiKeys apiKeys, VerifiableKeys verifiableKeys, UsageQuotas quotas,
                  AuditEventStore auditEvents, UsageStore usage, Transactions transactions,
                  WebhookEndpoints webhookEndpoints, WebhookOutbox webhookOutbox, Leases leases,
                  KeyNotices keyNotices, VerificationSummaryStore summaries) {
        this(users, apiKeys, verifiableKeys, quotas, auditEvents, usage, transactions, webhookEndpoints, webhookOutbox,
                leases, keyNotices, summaries, null);
    }
}
