package dev.latchkey.application.service.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.application.port.in.keys.GetCurrentPrincipal;
import dev.latchkey.application.port.in.keys.IssueApiKey;
import dev.latchkey.application.port.in.keys.RotateApiKey;
import dev.latchkey.application.port.in.keys.RotateOwnKey;
import dev.latchkey.application.port.in.paging.Page;
import dev.latchkey.application.port.in.paging.PageRequest;
import dev.latchkey.application.port.in.users.RegisterUser;
import dev.latchkey.application.testing.UseCases;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.ApiKeyNotFound;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.KeyLineage;
import dev.latchkey.domain.apikey.KeyNotRotatable;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.audit.AuditFilter;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserNotFound;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiKeyServiceTest {

    private final UseCases app = new UseCases();
    private final User owner = app.userService.register(new RegisterUser.Command("Ada", null, null));

    private IssueApiKey.IssuedApiKey issue(Optional<KeyPrefix> prefix, Optional<Instant> expiresAt) {
        return app.apiKeyService.issue(Caller.SERVICE, new IssueApiKey.Command(owner.id(), "ci", Scopes.parse(List.of("process")),
                prefix, expiresAt));
    }

    @Test
    void issuesAKeyWhoseSecretIsStoredOnlyAsItsHash() {
        IssueApiKey.IssuedApiKey issued = issue(Optional.empty(), Optional.empty());

        ApiKeyToken token = ApiKeyToken.parse(issued.plaintext()).orElseThrow();
        ApiKey stored = app.apiKeys.findById(token.keyId()).orElseThrow();
        assertThat(stored).isEqualTo(issued.key());
        assertThat(stored.prefix()).isEqualTo(KeyPrefix.DEFAULT);
        assertThat(app.hasher.matches(token, stored.secretHash())).isTrue();
        assertThat(issued.toString()).doesNotContain(issued.plaintext()).doesNotContain(token.secret());
    }

    @Test
    void usesTheRequestedPrefix() {
        IssueApiKey.IssuedApiKey issued = issue(Optional.of(new KeyPrefix("acme_live")), Optional.empty());

        assertThat(issued.plaintext()).startsWith("acme_live_");
        assertThat(issued.key().start()).isEqualTo("acme_live_" + issued.key().id().value().substring(0, 4));
    }

    @Test
    void refusesAnExpiryThatIsNotInTheFuture() {
        assertThatThrownBy(() -> issue(Optional.empty(), Optional.of(app.clock.instant().minusSeconds(1))))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("expiresAt"));
        assertThat(issue(Optional.empty(), Optional.of(app.clock.instant().plusSeconds(60))).key().expiresAt())
                .isNotNull();
    }

    @Test
    void refusesAKeyForAnUnknownUser() {
        UserId nobody = new UserId("00000000-0000-7000-8000-000000000000");

        assertThatThrownBy(() -> app.apiKeyService.issue(Caller.SERVICE, new IssueApiKey.Command(nobody, "ci", Scopes.none(),
                Optional.empty(), Optional.empty()))).isInstanceOf(UserNotFound.class);
        assertThatThrownBy(() -> app.apiKeyService.list(nobody, PageRequest.first(10), false))
                .isInstanceOf(UserNotFound.class);
    }

    @Test
    void revokingIsIdempotent() {
        ApiKey key = issue(Optional.empty(), Optional.empty()).key();

        ApiKey revoked = app.apiKeyService.revoke(Caller.SERVICE, key.id());
        app.clock.advance(Duration.ofMinutes(5));
        ApiKey again = app.apiKeyService.revoke(Caller.SERVICE, key.id());

        assertThat(revoked.revokedAt()).isNotNull().isEqualTo(again.revokedAt());
        assertThatThrownBy(() -> app.apiKeyService.revoke(Caller.SERVICE, new KeyId("AAAAAAAAAAAA"))).isInstanceOf(ApiKeyNotFound.class);
    }

    @Test
    void listsKeysOldestFirstAndHidesRevokedOnesUnlessAsked() {
        List<ApiKey> issued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            issued.add(issue(Optional.empty(), Optional.empty()).key());
            app.clock.advance(Duration.ofSeconds(1));
        }
        app.apiKeyService.revoke(Caller.SERVICE, issued.get(1).id());

        List<KeyId> active = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            Page<ApiKey> page = app.apiKeyService.list(owner.id(), new PageRequest(2, cursor), false);
            page.items().forEach(key -> active.add(key.id()));
            cursor = page.nextCursor();
        } while (cursor.isPresent());

        assertThat(active).containsExactly(issued.get(0).id(), issued.get(2).id(), issued.get(3).id(), issued.get(4).id());
        assertThat(app.apiKeyService.list(owner.id(), PageRequest.first(10), true).items()).hasSize(5);
    }

    @Test
    void thePrincipalIsTheKeyAndItsOwner() {
        ApiKey key = issue(Optional.empty(), Optional.empty()).key();

        GetCurrentPrincipal.Principal principal = app.apiKeyService.of(key.id());

        assertThat(principal.user()).isEqualTo(owner);
        assertThat(principal.key()).isEqualTo(key);
    }

    @Test
    void rotatingIssuesAReplacementAndKeepsTheOldKeyOnlyForTheGrace() {
        IssueApiKey.IssuedApiKey old = issue(Optional.empty(), Optional.empty());

        IssueApiKey.IssuedApiKey replacement =
                app.apiKeyService.rotate(Caller.SERVICE, new RotateApiKey.Command(old.key().id(), Duration.ofHours(1)));

        ApiKey retired = app.apiKeyService.get(old.key().id());
        assertThat(retired.rotatedTo()).isEqualTo(replacement.key().id());
        assertThat(retired.expiresAt()).isEqualTo(app.clock.instant().plus(Duration.ofHours(1))
                .truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertThat(replacement.key().scopes()).isEqualTo(old.key().scopes());
        assertThat(replacement.plaintext()).isNotEqualTo(old.plaintext());
        assertThat(app.auditService.list(AuditFilter.ALL, PageRequest.first(3)).items())
                .extracting(AuditEvent::type, AuditEvent::keyId)
                .contains(org.assertj.core.groups.Tuple.tuple(AuditEventType.KEY_ROTATED, old.key().id()),
                        org.assertj.core.groups.Tuple.tuple(AuditEventType.KEY_ISSUED, replacement.key().id()));
        assertThatThrownBy(() -> app.apiKeyService.rotate(Caller.SERVICE, new RotateApiKey.Command(old.key().id(), Duration.ZERO)))
                .isInstanceOf(KeyNotRotatable.class);
    }

    @Test
    void aKeyRotatesItselfWithinTheSelfServiceGraceAndItsReplacementSaysSo() {
        IssueApiKey.IssuedApiKey withoutMeRotate = issue(Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> app.apiKeyService.rotateOwn(
                new RotateOwnKey.Command(withoutMeRotate.key().id(), Duration.ZERO)))
                .isInstanceOf(dev.latchkey.domain.access.InsufficientPrivilege.class).hasMessageContaining("me:rotate");
        IssueApiKey.IssuedApiKey old = app.apiKeyService.issue(Caller.SERVICE, new IssueApiKey.Command(owner.id(),
                "ci", Scopes.parse(List.of("process", "me:rotate")), Optional.empty(), Optional.empty()));

        assertThatThrownBy(() -> app.apiKeyService.rotateOwn(
                new RotateOwnKey.Command(old.key().id(), UseCases.SELF_MAX_GRACE.plusSeconds(1))))
                .isInstanceOfSatisfying(InvalidValueException.class, refused -> {
                    assertThat(refused.field()).isEqualTo("gracePeriodSeconds");
                    assertThat(refused.getMessage()).contains("86400").contains("latchkey.rotation.self-max-grace");
                });
        assertThat(app.apiKeyService.get(old.key().id()).rotatedTo()).as("nothing changed").isNull();

        IssueApiKey.IssuedApiKey replacement = app.apiKeyService.rotateOwn(
                new RotateOwnKey.Command(old.key().id(), UseCases.SELF_MAX_GRACE));
        IssueApiKey.IssuedApiKey next = app.apiKeyService.rotate(Caller.SERVICE, new RotateApiKey.Command(replacement.key().id(), Duration.ZERO));

        assertThat(app.apiKeyService.get(replacement.key().id()).lineage())
                .isEqualTo(new KeyLineage(old.key().id(), true, old.key().id()));
        assertThat(app.apiKeyService.get(next.key().id()).lineage())
                .isEqualTo(new KeyLineage(replacement.key().id(), false, old.key().id()));
    }
}
