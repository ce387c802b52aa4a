package dev.latchkey.application.service.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.in.alerts.NoticeNewNetworks.KeyUses;
import dev.latchkey.application.port.in.alerts.NoticeNewNetworks.Outcome;
import dev.latchkey.application.port.in.keys.IssueApiKey;
import dev.latchkey.application.port.in.users.RegisterUser;
import dev.latchkey.application.testing.UseCases;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.KeyAlerts;
import dev.latchkey.domain.apikey.OriginNetwork;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.webhook.WebhookEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NewNetworkAlertsTest {

    private final UseCases app = new UseCases();
    private final CountingKeyNetworks store = new CountingKeyNetworks();
    private final User owner = app.userService.register(new RegisterUser.Command("Ada", null, null));
    private NewNetworkAlerts alerts = alerts(100);

    private NewNetworkAlerts alerts(int maxKeysInMemory) {
        return new NewNetworkAlerts(store, app.apiKeys, app.changeAudit,
                new NewNetworkAlerts.Settings(Duration.ofDays(30), 64, maxKeysInMemory, 100), app.clock);
    }

    private ApiKey key(boolean newNetworkAlert) {
        return app.apiKeyService.issue(Caller.SERVICE, new IssueApiKey.Command(owner.id(), "ci", Scopes.parse(List.of()),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(new KeyAlerts(newNetworkAlert)))).key();
    }

    private KeyUses use(ApiKey key, String clientIp) {
        Instant now = app.clock.instant();
        return new KeyUses(key.id(), key.owner(), clientIp, now, now);
    }

    private List<dev.latchkey.domain.webhook.WebhookEvent> newNetworkWebhooks() {
        return app.webhookOutbox.appended.stream().filter(event -> event.type() == WebhookEventType.KEY_NEW_NETWORK)
                .toList();
    }

    @Test
    void aKeysFirstNetworkIsSilentAndEachNewOneIsAnnouncedWithItsAuditEventWithoutKeyMaterial() {
        ApiKey key = key(true);

        assertThat(alerts.notice(List.of(use(key, "203.0.113.5"))).alerts()).isZero();
        assertThat(alerts.notice(List.of(use(key, "198.51.100.7"), use(key, "198.51.100.8"))).alerts()).isEqualTo(1);

        assertThat(newNetworkWebhooks()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(WebhookEventType.KEY_NEW_NETWORK);
            assertThat(event.keyId()).isEqualTo(key.id());
            assertThat(event.userId()).isEqualTo(owner.id());
            assertThat(event.data()).containsEntry("alert", "new_network").containsEntry("network", "198.51.100.0/24")
                    .containsEntry("clientIp", "198.51.100.7").containsKey("firstSeen");
        });
        assertThat(app.auditLog.find(dev.latchkey.domain.audit.AuditFilter.ALL, Optional.empty(), 10))
                .filteredOn(event -> event.type() == AuditEventType.KEY_NEW_NETWORK).singleElement()
                .satisfies(event -> {
                    assertThat(event.clientIp()).isEqualTo("198.51.100.7");
                    assertThat(event.detail()).contains("198.51.100.0/24");
                });
    }

    @Test
    void ofAKeysUsesInOneBatchTheEarliestIsItsFirstNetwork() {
        ApiKey key = key(true);
        Instant now = app.clock.instant();
        KeyUses later = new KeyUses(key.id(), key.owner(), "198.51.100.7", now.plusMillis(300), now.plusMillis(300));
        KeyUses earlier = new KeyUses(key.id(), key.owner(), "203.0.113.5", now, now);

        alerts.notice(List.of(later, earlier));

        assertThat(newNetworkWebhooks()).singleElement()
                .satisfies(event -> assertThat(event.data()).containsEntry("network", "198.51.100.0/24"));
    }

    @Test
    void aKnownNetworkIsNotAskedOfTheStoreAgainAndItsLastUseIsWrittenOncePerMinute() {
        ApiKey key = key(true);
        alerts.notice(List.of(use(key, "203.0.113.5")));
        alerts.notice(List.of(use(key, "203.0.113.6")));
        alerts.notice(List.of(use(key, "203.0.113.7")));
        assertThat(store.sightings).hasSize(1);
        assertThat(store.lastUses).as("same minute").isEmpty();

        app.clock.advance(Duration.ofMinutes(1));
        alerts.notice(List.of(use(key, "203.0.113.5")));
        alerts.notice(List.of(use(key, "203.0.113.5")));
        assertThat(store.sightings).hasSize(1);
        assertThat(store.lastUses).singleElement().satisfies(batch -> assertThat(batch.keySet())
                .containsExactly(new dev.latchkey.application.port.out.alerts.KeyNetworks.KeyNetwork(key.id(),
                        OriginNetwork.of("203.0.113.5").orElseThrow())));
    }

    @Test
    void aNetworkRememberedLongerAgoThanTheMemoryIsAskedOfTheStoreAgain() {
        ApiKey key = key(true);
        alerts.notice(List.of(use(key, "203.0.113.5")));
        app.clock.advance(Duration.ofDays(31));
        alerts.notice(List.of(use(key, "203.0.113.5")));
        assertThat(store.sightings).hasSize(2);
    }

    @Test
    void aKeyWithTheAlertOffIsRememberedButNotAnnounced() {
        ApiKey key = key(false);
        alerts.notice(List.of(use(key, "203.0.113.5")));
        assertThat(alerts.notice(List.of(use(key, "198.51.100.7"))).alerts()).isEqualTo(1);

        assertThat(store.networks.get(key.id())).hasSize(2);
        assertThat(newNetworkWebhooks()).isEmpty();
        assertThat(app.auditLog.find(dev.latchkey.domain.audit.AuditFilter.ALL, Optional.empty(), 10))
                .noneMatch(event -> event.type() == AuditEventType.KEY_NEW_NETWORK);
    }

    @Test
    void anAddressThatIsNoNetworkIsNeverAskedAbout() {
        ApiKey key = key(true);
        alerts.notice(List.of(use(key, null), use(key, "unknown"), use(key, "overflow")));
        assertThat(store.sightings).isEmpty();
    }

    @Test
    void usesTheStoreCouldNotTakeAreHandedBackAndDecidedLater() {
        ApiKey key = key(true);
        alerts.notice(List.of(use(key, "203.0.113.5")));
        store.down = true;
        Outcome failed = alerts.notice(List.of(use(key, "198.51.100.7")));
        assertThat(failed.undecided()).hasSize(1);
        store.down = false;
        assertThat(alerts.notice(failed.undecided()).alerts()).isEqualTo(1);
        assertThat(newNetworkWebhooks()).hasSize(1);
    }

    @Test
    void theLimitIsAnnouncedOnceAndAKeyOverItIsNotAskedAboutForAWhile() {
        ApiKey key = key(true);
        store.maxNetworks = 1;
        alerts.notice(List.of(use(key, "203.0.113.5")));
        assertThat(alerts.notice(List.of(use(key, "198.51.100.7"))).alerts()).isEqualTo(1);
        alerts.notice(List.of(use(key, "192.0.2.1")));
        assertThat(store.sightings).as("over the limit: not asked again within the hour").hasSize(2);
        assertThat(newNetworkWebhooks()).singleElement()
                .satisfies(event -> assertThat(event.data()).containsEntry("alert", "limit_reached")
                        .containsEntry("maxNetworks", 64));
    }

    @Test
    void theMemoryHoldsAtMostItsNumberOfKeys() {
        alerts = alerts(2);
        for (int i = 0; i < 5; i++) {
            alerts.notice(List.of(use(key(true), "203.0.113.5")));
        }
        assertThat(alerts.keysInMemory()).isEqualTo(2);
    }
}
