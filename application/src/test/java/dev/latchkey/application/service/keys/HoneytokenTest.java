package dev.latchkey.application.service.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.application.port.in.keys.IssueApiKey;
import dev.latchkey.application.port.in.keys.RotateApiKey;
import dev.latchkey.application.port.in.paging.PageRequest;
import dev.latchkey.application.port.in.users.RegisterUser;
import dev.latchkey.application.port.out.keys.HoneytokenPresentations;
import dev.latchkey.application.testing.UseCases;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.access.InsufficientPrivilege;
import dev.latchkey.domain.apikey.KeyNotRotatable;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.audit.AuditFilter;
import dev.latchkey.domain.usage.Granularity;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.verification.HoneytokenPresentation;
import dev.latchkey.domain.verification.RejectionReason;
import dev.latchkey.domain.verification.Verification;
import dev.latchkey.domain.verification.VerificationEvent;
import dev.latchkey.domain.webhook.WebhookEvent;
import dev.latchkey.domain.webhook.WebhookEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Honeytokens through the use cases: issue (admin only, no limits), verification (refused, nothing counted), alert. */
class HoneytokenTest {

    private final UseCases app = new UseCases();
    private final User owner = app.userService.register(new RegisterUser.Command("Ada", null, null));

    /** Presentations per key, address and minute, as a store keeps them. */
    private final Map<List<Object>, Long> counted = new HashMap<>();
    private final HoneytokenPresentations presentations = new HoneytokenPresentations() {
        @Override
        public boolean add(HoneytokenPresentation presented) {
            List<Object> row = List.of(presented.keyId(), presented.clientIp(), presented.minute());
            boolean first = !counted.containsKey(row);
            counted.merge(row, presented.count(), Long::sum);
            return first;
        }

        @Override
        public int purgeBefore(Instant before, int batch) {
            return 0;
        }
    };
    private final HoneytokenAlertService alerts = new HoneytokenAlertService(presentations, app.apiKeys,
            app.changeAudit);

    private IssueApiKey.Command honeytoken(Optional<RateLimit> rateLimit, Optional<Long> remaining) {
        return new IssueApiKey.Command(owner.id(), "decoy", Scopes.parse(List.of("admin")), Optional.empty(),
                Optional.empty(), Optional.empty(), rateLimit, remaining, Optional.empty(), true);
    }

    @Test
    void onlyAdminIssuesOneAndItTakesNoLimits() {
        Caller keysWriter = Caller.ofKey(app.apiKeyService.issue(Caller.SERVICE, new IssueApiKey.Command(owner.id(),
                "writer", Scopes.parse(List.of("keys:write")), Optional.empty(), Optional.empty())).key().id(),
                Scopes.parse(List.of("keys:write", "users:write", "keys:read", "audit:read", "keys:verify",
                        "users:read", "me:rotate")));
        IssueApiKey.Command plain = new IssueApiKey.Command(owner.id(), "decoy", Scopes.parse(List.of()),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), true);

        assertThatThrownBy(() -> app.apiKeyService.issue(keysWriter, plain)).isInstanceOf(InsufficientPrivilege.class)
                .hasMessageContaining("honeytoken");
        assertThatThrownBy(() -> app.apiKeyService.issue(Caller.SERVICE,
                honeytoken(Optional.of(new RateLimit(1, 1)), Optional.empty())))
                .isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field()).isEqualTo("rateLimit");
        assertThatThrownBy(() -> app.apiKeyService.issue(Caller.SERVICE, honeytoken(Optional.empty(), Optional.of(3L))))
                .isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field()).isEqualTo("remaining");
        assertThat(app.apiKeyService.list(Caller.SERVICE, owner.id(), PageRequest.first(10), false, Optional.of(true)).items())
                .as("nothing issued by the refusals").isEmpty();
    }

    @Test
    void aPresentationIsRefusedAsAWrongSecretAndCountsForNothingButTheAlert() {
        IssueApiKey.IssuedApiKey issued = app.apiKeyService.issue(Caller.SERVICE,
                honeytoken(Optional.empty(), Optional.empty()));

        Verification verdict = app.verify(issued.plaintext(), Set.of(Scope.ADMIN));

        assertThat(verdict).isEqualTo(Verification.Rejected.honeytoken(issued.key().id()));
        assertThat(((Verification.Rejected) verdict).reason()).isEqualTo(RejectionReason.NOT_FOUND);
        assertThat(app.verificationEvents).singleElement().satisfies(event -> {
            assertThat(event.honeytoken()).isTrue();
            assertThat(event.outcome()).isEqualTo("NOT_FOUND");
        });
        assertThat(app.usageService.usage(issued.key().id(), UseCases.START.minusSeconds(3600),
                UseCases.START.plusSeconds(3600), Granularity.MINUTE)).as("not counted in usage").isEmpty();
        assertThat(app.apiKeyService.get(issued.key().id()).lastUsedAt()).isNull();
        assertThatThrownBy(() -> app.apiKeyService.rotate(Caller.SERVICE,
                new RotateApiKey.Command(issued.key().id(), Duration.ZERO))).isInstanceOf(KeyNotRotatable.class);
    }

    @Test
    void theFirstPresentationsOfAKeyAddressAndMinuteAlertOnceWithoutKeyMaterial() {
        IssueApiKey.IssuedApiKey issued = app.apiKeyService.issue(Caller.SERVICE,
                honeytoken(Optional.empty(), Optional.empty()));
        Instant at = UseCases.START;
        VerificationEvent event = new VerificationEvent(at, issued.key().id(), null, "NOT_FOUND", "203.0.113.9",
                "req-7", "/v1/auth", null, "curl/8.5.0", true);
        HoneytokenPresentation twice = HoneytokenPresentation.of(event).plus(HoneytokenPresentation.of(event));

        alerts.alert(twice);
        alerts.alert(HoneytokenPresentation.of(event));

        List<AuditEvent> audited = app.auditService.list(AuditFilter.ALL, PageRequest.first(50)).items().stream()
                .filter(audit -> audit.type() == AuditEventType.KEY_HONEYTOKEN_USED).toList();
        assertThat(audited).singleElement().satisfies(audit -> {
            assertThat(audit.keyId()).isEqualTo(issued.key().id());
            assertThat(audit.userId()).isEqualTo(owner.id());
            assertThat(audit.clientIp()).isEqualTo("203.0.113.9");
            assertThat(audit.requestId()).isEqualTo("req-7");
            assertThat(audit.detail()).isEqualTo("route /v1/auth; user agent curl/8.5.0");
            assertThat(audit.toString()).doesNotContain(issued.plaintext())
                    .doesNotContain(issued.plaintext().substring(16, 48));
        });
        List<WebhookEvent> announced = app.webhookOutbox.appended.stream()
                .filter(webhook -> webhook.type() == WebhookEventType.KEY_HONEYTOKEN_USED).toList();
        assertThat(announced).singleElement().satisfies(webhook -> assertThat(webhook.body())
                .contains("\"keyId\":\"" + issued.key().id().value() + "\"", "\"clientIp\":\"203.0.113.9\"",
                        "\"userAgent\":\"curl/8.5.0\"", "\"route\":\"/v1/auth\"", "\"requestId\":\"req-7\"",
                        "\"name\":\"decoy\"")
                .doesNotContain(issued.plaintext()).doesNotContain(issued.plaintext().substring(16, 48)));
        assertThat(counted).containsValue(3L);
    }
}
