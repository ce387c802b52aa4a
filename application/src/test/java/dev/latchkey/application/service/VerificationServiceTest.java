package dev.latchkey.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.domain.access.Caller;
import dev.latchkey.application.port.in.IssueApiKey;
import dev.latchkey.application.port.in.RotateApiKey;
import dev.latchkey.application.port.in.RotateOwnKey;
import dev.latchkey.application.port.in.RegisterUser;
import dev.latchkey.application.port.in.UpdateUser;
import dev.latchkey.application.port.in.PageRequest;
import dev.latchkey.domain.apikey.AllowedCidrs;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.audit.AuditFilter;
import dev.latchkey.domain.usage.Granularity;
import dev.latchkey.domain.usage.UsageBucket;
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
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class VerificationServiceTest {

    private final UseCases app = new UseCases();
    private final User owner = app.userService.register(new RegisterUser.Command("Ada", null, null));
    private final IssueApiKey.IssuedApiKey issued = app.apiKeyService.issue(Caller.SERVICE, new IssueApiKey.Command(owner.id(), "ci",
            Scopes.parse(List.of("process")), Optional.empty(), Optional.empty()));

    @Test
    void acceptsTheIssuedKeyAndChecksScopes() {
        assertThat(app.verificationService.verify(issued.plaintext(), Set.of(new Scope("process"))).isValid()).isTrue();
        assertThat(reason(app.verificationService.verify(issued.plaintext(), Set.of(Scope.KEYS_READ))))
                .isEqualTo(RejectionReason.INSUFFICIENT_SCOPE);
    }

    private IssueApiKey.IssuedApiKey limited(RateLimit rateLimit, Long remaining) {
        return app.apiKeyService.issue(Caller.SERVICE, new IssueApiKey.Command(owner.id(), "limited", Scopes.parse(List.of("me:rotate")),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.ofNullable(rateLimit),
                Optional.ofNullable(remaining)));
    }

    @Test
    void aUseTheRateLimitRefusesTakesNothingFromTheQuota() {
        IssueApiKey.IssuedApiKey key = limited(new RateLimit(2, 3600), 10L);

        Verification first = app.verificationService.verify(key.plaintext(), Set.of());
        app.verificationService.verify(key.plaintext(), Set.of());
        Verification third = app.verificationService.verify(key.plaintext(), Set.of());

        assertThat(((Verification.Valid) first).remaining()).isEqualTo(OptionalLong.of(9));
        assertThat(first.rateLimit().orElseThrow().remaining()).isEqualTo(1);
        assertThat(reason(third)).isEqualTo(RejectionReason.RATE_LIMITED);
        assertThat(third.rateLimit().orElseThrow().allowed()).isFalse();
        assertThat(third.rateLimit().orElseThrow().retryAfterSeconds()).isBetween(1L, 3600L);
        assertThat(app.apiKeyService.get(key.key().id()).remaining()).isEqualTo(8);
    }

    @Test
    void duringTheGraceTheOldAndTheNewKeyShareOneQuotaAndOneRateLimitDownAChainOfRotations() {
        IssueApiKey.IssuedApiKey first = limited(null, 5L);
        app.verificationService.verify(first.plaintext(), Set.of());
        IssueApiKey.IssuedApiKey second = app.apiKeyService.rotate(Caller.SERVICE, new RotateApiKey.Command(first.key().id(), Duration.ofHours(1)));
        app.verificationService.verify(second.plaintext(), Set.of());
        IssueApiKey.IssuedApiKey third = app.apiKeyService.rotateOwn(
                new RotateOwnKey.Command(second.key().id(), Duration.ofHours(1)));

        List<Verification> uses = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            uses.add(app.verificationService.verify(first.plaintext(), Set.of()));
            uses.add(app.verificationService.verify(second.plaintext(), Set.of()));
            uses.add(app.verificationService.verify(third.plaintext(), Set.of()));
        }

        assertThat(uses).filteredOn(Verification::isValid).hasSize(3);
        assertThat(uses).filteredOn(use -> !use.isValid()).extracting(VerificationServiceTest::reason)
                .containsOnly(RejectionReason.USAGE_EXCEEDED);
        assertThat(app.apiKeyService.get(third.key().id()).remaining()).isZero();

        IssueApiKey.IssuedApiKey limitedOld = limited(new RateLimit(3, 3600), null);
        app.verificationService.verify(limitedOld.plaintext(), Set.of());
        IssueApiKey.IssuedApiKey limitedNew = app.apiKeyService.rotate(Caller.SERVICE, new RotateApiKey.Command(limitedOld.key().id(), Duration.ofHours(1)));
        assertThat(app.verificationService.verify(limitedNew.plaintext(), Set.of()).isValid()).isTrue();
        assertThat(app.verificationService.verify(limitedOld.plaintext(), Set.of()).isValid()).isTrue();
        assertThat(reason(app.verificationService.verify(limitedNew.plaintext(), Set.of())))
                .isEqualTo(RejectionReason.RATE_LIMITED);
        assertThat(reason(app.verificationService.verify(limitedOld.plaintext(), Set.of())))
                .isEqualTo(RejectionReason.RATE_LIMITED);
    }

    @Test
    void aKeyIsRefusedToAClientOutsideItsAddressesBeforeItsLimitsAreTouched() {
        IssueApiKey.IssuedApiKey key = app.apiKeyService.issue(Caller.SERVICE, new IssueApiKey.Command(owner.id(), "fenced",
                Scopes.parse(List.of()), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new RateLimit(5, 3600)), Optional.of(10L),
                Optional.of(AllowedCidrs.parse(List.of("192.0.2.0/24")))));
        assertThat(app.verificationService.verify(key.plaintext(), Set.of()).isValid()).isTrue(); // from 192.0.2.7
        app.origin = new AuditEvent.Origin(null, "198.51.100.9", "request-2");

        Verification refused = app.verificationService.verify(key.plaintext(), Set.of());
        Verification refusedAtHand = app.verificationService.verifyAtHand(key.plaintext(), Set.of())
                .orElseThrow(() -> new AssertionError("a refusal needs no store, quota or not"))
                .toCompletableFuture().join();

        assertThat(reason(refused)).isEqualTo(RejectionReason.IP_NOT_ALLOWED);
        assertThat(reason(refusedAtHand)).isEqualTo(RejectionReason.IP_NOT_ALLOWED);
        assertThat(refused.rateLimit()).isEmpty();
        assertThat(app.apiKeyService.get(key.key().id()).remaining()).as("no use taken").isEqualTo(9);
        AuditEvent audited = app.auditService.list(AuditFilter.ALL, PageRequest.first(1)).items().get(0);
        assertThat(audited).extracting(AuditEvent::type, AuditEvent::code, AuditEvent::clientIp)
                .containsExactly(AuditEventType.KEY_REJECTED, "IP_NOT_ALLOWED", "198.51.100.9");
        app.origin = UseCases.ORIGIN;
        Verification back = app.verificationService.verify(key.plaintext(), Set.of());
        assertThat(back.rateLimit().orElseThrow().remaining()).as("only the first use counted").isEqualTo(3);
    }

    @Test
    void aKeyWithAQuotaIsNeverAnsweredOnTheEventLoop() {
        IssueApiKey.IssuedApiKey key = limited(null, 5L);
        app.verificationService.verify(key.plaintext(), Set.of()); // now cached

        assertThat(app.verificationService.verifyAtHand(key.plaintext(), Set.of())).isEmpty();
        assertThat(app.verificationService.verifyAtHand(issued.plaintext(), Set.of())).isEmpty(); // not cached yet
        app.verificationService.verify(issued.plaintext(), Set.of());
        assertThat(app.verificationService.verifyAtHand(issued.plaintext(), Set.of())).isPresent();
    }

    @Test
    void aKeyWithARateLimitSharedOverTheNetworkIsAnsweredWhenTheLimiterAnswersWithTheOriginOfItsRequest() {
        IssueApiKey.IssuedApiKey key = limited(new RateLimit(100, 60), null);
        app.verificationService.verify(key.plaintext(), Set.of()); // now cached
        assertThat(app.verificationService.verifyAtHand(key.plaintext(), Set.of()))
                .hasValueSatisfying(verdict -> assertThat(verdict.toCompletableFuture()).isDone()); // in memory
        app.rateLimiter.shared = true;

        Optional<CompletionStage<Verification>> atHand = app.verificationService.verifyAtHand(key.plaintext(), Set.of());
        app.origin = new AuditEvent.Origin(null, "198.51.100.9", "another-request"); // the thread serves another

        CompletableFuture<Verification> verdict = atHand.orElseThrow().toCompletableFuture();
        assertThat(verdict).isNotDone();
        assertThat(app.rateLimiter.answerPending()).isEqualTo(1);
        assertThat(verdict).isCompletedWithValueMatching(Verification::isValid);
        assertThat(verdict.join().rateLimit().orElseThrow().remaining()).isEqualTo(97);
        AuditEvent audited = app.auditService.list(AuditFilter.ALL, PageRequest.first(1)).items().get(0);
        assertThat(audited).extracting(AuditEvent::type, AuditEvent::clientIp, AuditEvent::requestId)
                .containsExactly(AuditEventType.KEY_VERIFIED, "192.0.2.7", "request-1");
    }

    @Test
    void aKeyWithAQuotaAndASharedRateLimitIsVerifiedOffTheEventLoopWithoutWaitingForever() {
        IssueApiKey.IssuedApiKey key = limited(new RateLimit(100, 60), 5L);
        app.verificationService.verify(key.plaintext(), Set.of()); // now cached
        app.rateLimiter.shared = true;

        assertThat(app.verificationService.verifyAtHand(key.plaintext(), Set.of())).isEmpty();
        assertThat(app.rateLimiter.answerPending()).isZero(); // nothing taken from the limit by the event loop
    }

    @Test
    void everyVerdictIsAuditedAndGenuineUsesAreCounted() {
        IssueApiKey.IssuedApiKey key = limited(null, 1L);
        app.verificationService.verify(key.plaintext(), Set.of());
        app.verificationService.verify(key.plaintext(), Set.of()); // usage exceeded: genuine, counted
        app.verificationService.verify(key.plaintext().substring(0, key.plaintext().length() - 4) + "AAAA",
                Set.of()); // garbled (the checksum fails): audited without a key id, counted against no key

        AuditFilter ofKey = new AuditFilter(Optional.empty(), Optional.of(key.key().id()), Optional.empty(),
                Optional.empty(), Optional.empty());
        List<AuditEvent> events = app.auditService.list(ofKey, PageRequest.first(10)).items();
        assertThat(events).extracting(AuditEvent::type).containsExactly(AuditEventType.KEY_REJECTED,
                AuditEventType.KEY_VERIFIED, AuditEventType.KEY_ISSUED);
        assertThat(events).extracting(AuditEvent::code).containsExactly("USAGE_EXCEEDED", "VALID", null);
        assertThat(app.auditService.list(AuditFilter.ALL, PageRequest.first(1)).items().get(0))
                .extracting(AuditEvent::code, AuditEvent::keyId).containsExactly("MALFORMED", null);
        assertThat(events).allMatch(event -> "192.0.2.7".equals(event.clientIp()));
        Instant now = app.clock.instant();
        assertThat(app.usageService.usage(key.key().id(), now.minusSeconds(3600), now.plusSeconds(60),
                Granularity.HOUR)).extracting(UsageBucket::valid, UsageBucket::rejected)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 1L));
    }

    @Test
    void aRevokedKeyStopsWorkingAtOnce() {
        app.apiKeyService.revoke(Caller.SERVICE, issued.key().id());

        assertThat(reason(app.verificationService.verify(issued.plaintext(), Set.of()))).isEqualTo(RejectionReason.REVOKED);
    }

    @Test
    void aDisabledOwnersKeysStopAndComeBackWhenReenabled() {
        app.userService.update(Caller.SERVICE, new UpdateUser.Command(owner.id(), Optional.empty(), Optional.empty(),
                Optional.of(UserStatus.DISABLED)));
        RejectionReason whileDisabled = reason(app.verificationService.verify(issued.plaintext(), Set.of()));
        app.userService.update(Caller.SERVICE, new UpdateUser.Command(owner.id(), Optional.empty(), Optional.empty(),
                Optional.of(UserStatus.ACTIVE)));

        assertThat(whileDisabled).isEqualTo(RejectionReason.DISABLED);
        assertThat(app.verificationService.verify(issued.plaintext(), Set.of()).isValid()).isTrue();
    }

    @Test
    void aDeletedOwnersKeysStopForGood() {
        app.userService.delete(Caller.SERVICE, owner.id());

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
                .hasValueSatisfying(verdict -> assertThat(reason(verdict.toCompletableFuture().join())).isEqualTo(RejectionReason.MALFORMED));
        assertThat(app.verificationService.verifyAtHand(issued.plaintext(), Set.of())).isEmpty(); // not cached yet

        app.verificationService.verify(issued.plaintext(), Set.of());

        assertThat(app.verificationService.verifyAtHand(issued.plaintext(), Set.of(Scope.ADMIN)))
                .hasValueSatisfying(verdict -> assertThat(reason(verdict.toCompletableFuture().join()))
                        .isEqualTo(RejectionReason.INSUFFICIENT_SCOPE));
        app.apiKeyService.revoke(Caller.SERVICE, issued.key().id());
        assertThat(app.verificationService.verifyAtHand(issued.plaintext(), Set.of()))
                .hasValueSatisfying(verdict -> assertThat(reason(verdict.toCompletableFuture().join())).isEqualTo(RejectionReason.REVOKED));
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

    @Test
    void anUnknownIdIsAnsweredAndAccountedExactlyAsAKnownIdWithAWrongSecret() {
        String wrongSecret = withSecret(issued.plaintext(), "x".repeat(ApiKeyToken.SECRET_LENGTH));
        String unknown = ApiKeyToken.generate(KeyPrefix.DEFAULT, new Random(11)).value();
        app.verificationService.verify(issued.plaintext(), Set.of()); // the known id is cached, as a key in use is
        app.verificationService.verify(unknown, Set.of()); // and the unknown one is known not to exist
        Instant lastUse = app.apiKeyService.get(issued.key().id()).lastUsedAt();
        Instant from = UseCases.START.minus(Duration.ofDays(1));
        Instant to = UseCases.START.plus(Duration.ofDays(1));
        List<UsageBucket> uses = app.usage.find(issued.key().id(), from, to, Granularity.DAY);
        int events = app.auditService.list(AuditFilter.ALL, PageRequest.first(100)).items().size();

        Verification known = app.verificationService.verifyAtHand(wrongSecret, Set.of())
                .orElseThrow(() -> new AssertionError("a known id with a wrong secret is answered at hand"))
                .toCompletableFuture().getNow(null);
        Verification stranger = app.verificationService.verifyAtHand(unknown, Set.of())
                .orElseThrow(() -> new AssertionError("so is an unknown id"))
                .toCompletableFuture().getNow(null);

        assertThat(known).isEqualTo(new Verification.Rejected(RejectionReason.NOT_FOUND,
                Optional.of(issued.key().id())));
        assertThat(stranger).isEqualTo(new Verification.Rejected(RejectionReason.NOT_FOUND,
                Optional.of(ApiKeyToken.parse(unknown).orElseThrow().keyId())));
        List<AuditEvent> audited = app.auditService.list(AuditFilter.ALL, PageRequest.first(100)).items();
        assertThat(audited).hasSize(events + 2);
        // one event each, alike in everything but the key id they name (the newest first)
        assertThat(List.of(audited.get(0), audited.get(1))).extracting(AuditEvent::type, AuditEvent::success,
                        AuditEvent::code, AuditEvent::userId, AuditEvent::actorKeyId, AuditEvent::clientIp,
                        AuditEvent::requestId, AuditEvent::detail)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(AuditEventType.KEY_REJECTED, false, "NOT_FOUND",
                        null, null, UseCases.ORIGIN.clientIp(), UseCases.ORIGIN.requestId(), null));
        // neither counts as a use of the key whose id it names, nor as its last use
        assertThat(app.usage.find(issued.key().id(), from, to, Granularity.DAY)).isEqualTo(uses);
        assertThat(app.usage.find(ApiKeyToken.parse(unknown).orElseThrow().keyId(), from, to, Granularity.DAY))
                .isEmpty();
        assertThat(app.apiKeyService.get(issued.key().id()).lastUsedAt()).isEqualTo(lastUse);
    }

    /** {@code key} with its secret replaced by {@code secret} (and a checksum that matches again). */
    private static String withSecret(String key, String secret) {
        ApiKeyToken token = ApiKeyToken.parse(key).orElseThrow();
        String unchecked = token.prefix().value() + "_" + token.keyId().value() + secret;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(unchecked.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long value = crc.getValue();
        StringBuilder checksum = new StringBuilder();
        for (int i = 0; i < ApiKeyToken.CHECKSUM_LENGTH; i++) {
            checksum.insert(0, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".charAt((int) (value % 62)));
            value /= 62;
        }
        return unchecked + checksum;
    }

    private static RejectionReason reason(Verification verification) {
        return verification instanceof Verification.Rejected rejected ? rejected.reason() : null;
    }
}
