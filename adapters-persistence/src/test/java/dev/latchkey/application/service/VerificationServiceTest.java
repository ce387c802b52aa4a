package dev.latchkey.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.in.IssueApiKey;
import dev.latchkey.application.port.in.RegisterUser;
import dev.latchkey.application.port.in.UpdateUser;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserStatus;
import dev.latchkey.domain.verification.RejectionReason;
import dev.latchkey.domain.verification.Verification;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerificationServiceTest {

    private final UseCases app = new UseCases();
    private final User owner = app.userService.register(new RegisterUser.Command("Ada", null, null));
    private final IssueApiKey.IssuedApiKey issued = app.apiKeyService.issue(new IssueApiKey.Command(owner.id(), "ci",
            Scopes.parse(List.of("process")), Optional.empty(), Optional.empty()));

    @Test
    void acceptsTheIssuedKeyAndChecksScopes() {
        assertThat(app.verificationService.verify(issued.plaintext(), Set.of(new Scope("process"))).isValid()).isTrue();
        assertThat(reason(app.verificationService.verify(issued.plaintext(), Set.of(Scope.KEYS_READ))))
                .isEqualTo(RejectionReason.INSUFFICIENT_SCOPE);
    }

    @Test
    void aRevokedKeyStopsWorkingAtOnce() {
        app.apiKeyService.revoke(issued.key().id());

        assertThat(reason(app.verificationService.verify(issued.plaintext(), Set.of()))).isEqualTo(RejectionReason.REVOKED);
    }

    @Test
    void aDisabledOwnersKeysStopAndComeBackWhenReenabled() {
        app.userService.update(new UpdateUser.Command(owner.id(), Optional.empty(), Optional.empty(),
                Optional.of(UserStatus.DISABLED)));
        RejectionReason whileDisabled = reason(app.verificationService.verify(issued.plaintext(), Set.of()));
        app.userService.update(new UpdateUser.Command(owner.id(), Optional.empty(), Optional.empty(),
                Optional.of(UserStatus.ACTIVE)));

        assertThat(whileDisabled).isEqualTo(RejectionReason.DISABLED);
        assertThat(app.verificationService.verify(issued.plaintext(), Set.of()).isValid()).isTrue();
    }

    @Test
    void aDeletedOwnersKeysStopForGood() {
        app.userService.delete(owner.id());

        assertThat(reason(app.verificationService.verify(issued.plaintext(), Set.of())))
                .isEqualTo(RejectionReason.DISABLED);
    }

    @Test
    void handsEveryValidUseToLastUseWhetherTheVerdictCameFromTheStoreOrFromTheCache() {
        Instant first = app.clock.instant();
        app.verificationService.verify(issued.plaintext(), Set.of());
        assertThat(lastUsedAt()).isEqualTo(first.truncatedTo(ChronoUnit.MICROS));

        app.clock.advance(Duration.ofSeconds(1));
        assertThat(app.verificationService.verifyAtHand(issued.plaintext(), Set.of())).isPresent();
        assertThat(lastUsedAt()).isEqualTo(first.plusSeconds(1).truncatedTo(ChronoUnit.MICROS));
    }

    @Test
    void answersAtHandOnlyWhatNeedsNoStoreRead() {
        assertThat(app.verificationService.verifyAtHand("not a key", Set.of()))
                .hasValueSatisfying(verdict -> assertThat(reason(verdict)).isEqualTo(RejectionReason.MALFORMED));
        assertThat(app.verificationService.verifyAtHand(issued.plaintext(), Set.of())).isEmpty(); // not cached yet

        app.verificationService.verify(issued.plaintext(), Set.of());

        assertThat(app.verificationService.verifyAtHand(issued.plaintext(), Set.of(Scope.ADMIN)))
                .hasValueSatisfying(verdict -> assertThat(reason(verdict))
                        .isEqualTo(RejectionReason.INSUFFICIENT_SCOPE));
        app.apiKeyService.revoke(issued.key().id());
        assertThat(app.verificationService.verifyAtHand(issued.plaintext(), Set.of())).isEmpty(); // evicted
        assertThat(reason(app.verificationService.verify(issued.plaintext(), Set.of())))
                .isEqualTo(RejectionReason.REVOKED);
    }

    @Test
    void aRefusedKeyIsNotMarkedUsed() {
        app.verificationService.verify(issued.plaintext(), Set.of(Scope.ADMIN));

        assertThat(lastUsedAt()).isNull();
    }

    @Test
    void malformedAndUnknownKeysAreRefused() {
        assertThat(reason(app.verificationService.verify("lk_nonsense", Set.of()))).isEqualTo(RejectionReason.MALFORMED);
        assertThat(reason(app.verificationService.verify(null, Set.of()))).isEqualTo(RejectionReason.MALFORMED);
        assertThat(reason(app.verificationService.verify(freshKeyOfAnotherStore(), Set.of())))
                .isEqualTo(RejectionReason.NOT_FOUND);
    }

    /** A well-formed key this store never issued. */
    private String freshKeyOfAnotherStore() {
        return ApiKeyToken.generate(KeyPrefix.DEFAULT, new Random(7)).value();
    }

    private Instant lastUsedAt() {
        return app.apiKeys.findById(issued.key().id()).orElseThrow().lastUsedAt();
    }

    private static RejectionReason reason(Verification verification) {
        return verification instanceof Verification.Rejected rejected ? rejected.reason() : null;
    }
}
