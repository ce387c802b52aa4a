package dev.latchkey.application.service.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.in.keys.IssueApiKey;
import dev.latchkey.application.port.in.keys.RotateApiKey;
import dev.latchkey.application.port.in.users.RegisterUser;
import dev.latchkey.application.port.in.users.UpdateUser;
import dev.latchkey.application.testing.UseCases;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserStatus;
import dev.latchkey.domain.webhook.WebhookEvent;
import dev.latchkey.domain.webhook.WebhookEventType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which changes tell the webhook outbox what, and that no event carries key material. */
class WebhookAnnouncementsTest {

    private final UseCases app = new UseCases();

    @Test
    void issueRotateRevokeAndDisablingAUserEachAnnounceOneEventAndNothingElseDoes() {
        User owner = app.userService.register(new RegisterUser.Command("Ada", null, null));
        IssueApiKey.IssuedApiKey issued = app.apiKeyService.issue(Caller.SERVICE, new IssueApiKey.Command(owner.id(), "ci",
                Scopes.parse(List.of("process")), Optional.empty(), Optional.empty()));
        IssueApiKey.IssuedApiKey replacement = app.apiKeyService.rotate(Caller.SERVICE, new RotateApiKey.Command(issued.key().id(), Duration.ofMinutes(5)));
        app.apiKeyService.revoke(Caller.SERVICE, issued.key().id());
        app.clock.advance(Duration.ofSeconds(1));
        app.apiKeyService.revoke(Caller.SERVICE, issued.key().id()); // revoked already: no second event
        app.verify(replacement.plaintext(), java.util.Set.of()); // verification: none
        app.userService.update(Caller.SERVICE, new UpdateUser.Command(owner.id(), Optional.of("Ada L."), Optional.empty(),
                Optional.empty())); // a rename: none
        app.userService.update(Caller.SERVICE, new UpdateUser.Command(owner.id(), Optional.empty(), Optional.empty(),
                Optional.of(UserStatus.DISABLED)));
        app.userService.update(Caller.SERVICE, new UpdateUser.Command(owner.id(), Optional.empty(), Optional.empty(),
                Optional.of(UserStatus.DISABLED))); // disabled already: none

        List<WebhookEvent> events = app.webhookOutbox.appended;
        assertThat(events).extracting(WebhookEvent::type).containsExactly(WebhookEventType.KEY_ISSUED,
                WebhookEventType.KEY_ROTATED, WebhookEventType.KEY_REVOKED, WebhookEventType.USER_DISABLED);
        assertThat(events.get(1).data()).containsEntry("rotatedTo", replacement.key().id().value())
                .containsKey("expiresAt");
        assertThat(events.get(0).keyId()).isEqualTo(issued.key().id());
        assertThat(events.get(3).keyId()).isNull();
        assertThat(events).allSatisfy(event -> {
            assertThat(event.userId()).isEqualTo(owner.id());
            assertThat(event.id()).startsWith("msg_");
            assertThat(event.body()).doesNotContain(issued.plaintext()).doesNotContain(replacement.plaintext())
                    .doesNotContain(issued.plaintext().substring(issued.plaintext().length() - 20));
        });
        assertThat(events).extracting(WebhookEvent::id).doesNotHaveDuplicates();
    }

    /** Whether this call revoked the key is what the store's write says, not a time read back (which may be rounded). */
    @Test
    void aRevocationIsAnnouncedAndAuditedOnceEvenWhereTheStoreGivesTimesBackRounded() {
        app.apiKeys.wholeSecondsOnly = true;
        User owner = app.userService.register(new RegisterUser.Command("Ada", null, null));
        IssueApiKey.IssuedApiKey issued = app.apiKeyService.issue(Caller.SERVICE, new IssueApiKey.Command(owner.id(), "ci",
                Scopes.parse(List.of("process")), Optional.empty(), Optional.empty()));

        app.apiKeyService.revoke(Caller.SERVICE, issued.key().id());
        app.clock.advance(Duration.ofSeconds(1));
        app.apiKeyService.revoke(Caller.SERVICE, issued.key().id());

        assertThat(app.webhookOutbox.appended).extracting(WebhookEvent::type)
                .containsExactly(WebhookEventType.KEY_ISSUED, WebhookEventType.KEY_REVOKED);
        assertThat(app.auditService.list(new dev.latchkey.domain.audit.AuditFilter(Optional.empty(),
                Optional.empty(), Optional.of(dev.latchkey.domain.audit.AuditEventType.KEY_REVOKED),
                Optional.empty(), Optional.empty()), dev.latchkey.application.port.in.paging.PageRequest.first(10))
                .items()).hasSize(1);
    }
}
