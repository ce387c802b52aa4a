package dev.latchkey.adapter.out.persistence.contract;

import dev.latchkey.adapter.out.persistence.AuditEventStore;
import dev.latchkey.adapter.out.persistence.UsageStore;
import dev.latchkey.adapter.out.persistence.VerificationSummaryStore;
import dev.latchkey.application.port.out.ApiKeys;
import dev.latchkey.application.port.out.KeyNotices;
import dev.latchkey.application.port.out.Leases;
import dev.latchkey.application.port.out.Transactions;
import dev.latchkey.application.port.out.UsageQuotas;
import dev.latchkey.application.port.out.Users;
import dev.latchkey.application.port.out.VerifiableKeys;
import dev.latchkey.application.port.out.WebhookEndpoints;
import dev.latchkey.application.port.out.WebhookOutbox;

/** One implementation's out-ports, empty, for a contract test. */
public record Stores(Users users, ApiKeys apiKeys, VerifiableKeys verifiableKeys, UsageQuotas quotas,
                     AuditEventStore auditEvents, UsageStore usage, Transactions transactions,
                     WebhookEndpoints webhookEndpoints, WebhookOutbox webhookOutbox, Leases leases,
                     KeyNotices keyNotices, VerificationSummaryStore summaries) {
}
