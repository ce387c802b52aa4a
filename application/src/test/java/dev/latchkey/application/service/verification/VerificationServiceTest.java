package dev.latchkey.application.service.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.application.port.in.keys.IssueApiKey;
import dev.latchkey.application.port.in.keys.RotateApiKey;
import dev.latchkey.application.port.in.keys.RotateOwnKey;
import dev.latchkey.application.port.in.paging.PageRequest;
import dev.latchkey.application.port.in.users.RegisterUser;
import dev.latchkey.application.port.in.users.UpdateUser;
import dev.latchkey.application.port.in.verification.VerificationRequest;
import dev.latchkey.application.testing.UseCases;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.AllowedCidrs;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.audit.AuditFilter;
import dev.latchkey.domain.usage.Granularity;
import dev.latchkey.domain.usage.UsageBucket;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserStatus;
import dev.latchkey.domain.verification.RejectionReason;
import dev.latchkey.domain.verification.Verification;
import dev.latchkey.domain.verification.VerificationEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class VerificationServiceTest {

    private final UseCases app = new UseCases();
    private final User owner = app.userService.register(new RegisterUser.Command("Ada", null, null));
    private final IssueApiKey.IssuedApiKey issued = app.apiKeyService.issue(Caller.SERVICE, new IssueApiKey.Command(owner.id(), "ci",
            Scopes.parse(List.of("process")), Optional.empty(), Optional.empty()));

    @Test
    void acceptsTheIssuedKeyAndChecksScopes() {
        assertThat(app.verify(issued.plaintext(), Set.of(new Scope("process"))).isValid()).isTrue();
        assertThat(reason(app.verify(issued.plaintext(), Set.of(Scope.KEYS_READ))))
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

        Verification first = app.verify(key.plaintext(), Set.of());
        app.verify(key.plaintext(), Set.of());
        Verification third = app.verify(key.plaintext(), Set.of());

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
        app.verify(first.plaintext(), Set.of());
        IssueApiKey.IssuedApiKey second = app.apiKeyService.rotate(Caller.SERVICE, new RotateApiKey.Command(first.key().id(), Duration.ofHours(1)));
        app.verify(second.plaintext(), Set.of());
        IssueApiKey.IssuedApiKey third = app.apiKeyService.rotateOwn(
                new RotateOwnKey.Command(second.key().id(), Duration.ofHours(1)));

        List<Verification> uses = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            uses.add(app.verify(first.plaintext(), Set.of()));
            uses.add(app.verify(second.plaintext(), Set.of()));
            uses.add(app.verify(third.plaintext(), Set.of()));
        }

        assertThat(uses).filteredOn(Verification::isValid).hasSize(3);
        assertThat(uses).filteredOn(use -> !use.isValid()).extracting(VerificationServiceTest::reason)
                .containsOnly(RejectionReason.USAGE_EXCEEDED);
        assertThat(app.apiKeyService.get(third.key().id()).remaining()).isZero();

        IssueApiKey.IssuedApiKey limitedOld = limited(new RateLimit(3, 3600), null);
        app.verify(limitedOld.plaintext(), Set.of());
        IssueApiKey.IssuedApiKey limitedNew = app.apiKeyService.rotate(Caller.SERVICE, new RotateApiKey.Command(limitedOld.key().id(), Duration.ofHours(1)));
        assertThat(app.verify(limitedNew.plaintext(), Set.of()).isValid()).isTrue();
        assertThat(app.verify(limitedOld.plaintext(), Set.of()).isValid()).isTrue();
        assertThat(reason(app.verify(limitedNew.plaintext(), Set.of())))
                .isEqualTo(RejectionReason.RATE_LIMITED);
        assertThat(reason(app.verify(limitedOld.plaintext(), Set.of())))
                .isEqualTo(RejectionReason.RATE_LIMITED);
    }

    @Test
    void aKeyIsRefusedToAClientOutsideItsAddressesBeforeItsLimitsAreTouched() {
        IssueApiKey.IssuedApiKey key = app.apiKeyService.issue(Caller.SERVICE, new IssueApiKey.Command(owner.id(), "fenced",
                Scopes.parse(List.of()), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new RateLimit(5, 3600)), Optional.of(10L),
                Optional.of(AllowedCidrs.parse(List.of("192.0.2.0/24")))));
        assertThat(app.verify(key.plaintext(), Set.of()).isValid()).isTrue(); // from 192.0.2.7
        app.presentedFrom = new VerificationRequest.Origin("198.51.100.9", "request-2", "/v1/keys/verify", null);

        Verification refused = app.verify(key.plaintext(), Set.of());
        int storeReads = app.storeReads.given.get();
        CompletableFuture<Verification> refusedAtHand = entry(key.plaintext(), Set.of());
        assertThat(refusedAtHand).as("a refusal needs no store, quota or not").isDone();
        assertThat(app.storeReads.given).hasValue(storeReads);

        assertThat(reason(refused)).isEqualTo(RejectionReason.IP_NOT_ALLOWED);
        assertThat(reason(refusedAtHand.join())).isEqualTo(RejectionReason.IP_NOT_ALLOWED);
        assertThat(refused.rateLimit()).isEmpty();
        assertThat(app.apiKeyService.get(key.key().id()).remaining()).as("no use taken").isEqualTo(9);
        AuditEvent audited = app.auditService.list(AuditFilter.ALL, PageRequest.first(1)).items().get(0);
        assertThat(audited).extracting(AuditEvent::type, AuditEvent::code, AuditEvent::clientIp)
                .containsExactly(AuditEventType.KEY_REJECTED, "IP_NOT_ALLOWED", "198.51.100.9");
        app.presentedFrom = UseCases.PRESENTED_FROM;
        Verification back = app.verify(key.plaintext(), Set.of());
        assertThat(back.rateLimit().orElseThrow().remaining()).as("only the first use counted").isEqualTo(3);
    }

    @Test
    void aCachedKeyIsAnsweredOnTheCallingThreadAndAMissOrAQuotaOnTheStoreExecutor() {
        IssueApiKey.IssuedApiKey key = limited(null, 5L);
        app.verify(key.plaintext(), Set.of()); // now cached
        app.storeReads.hold = true;
        int given = app.storeReads.given.get();

        CompletableFuture<Verification> withQuota = entry(key.plaintext(), Set.of());
        CompletableFuture<Verification> notCached = entry(issued.plaintext(), Set.of());

        assertThat(withQuota).as("a quota is taken in the store").isNotDone();
        assertThat(notCached).as("a miss reads the store").isNotDone();
        assertThat(app.storeReads.held).hasSize(2);
        app.storeReads.runHeld();
        assertThat(((Verification.Valid) withQuota.join()).remaining()).isEqualTo(OptionalLong.of(3));
        assertThat(notCached.join().isValid()).isTrue();

        Thread caller = Thread.currentThread();
        List<Thread> decidedOn = new java.util.ArrayList<>();
        CompletableFuture<Verification> cached = entry(issued.plaintext(), Set.of())
                .whenComplete((verdict, failure) -> decidedOn.add(Thread.currentThread()));
        assertThat(cached).as("a hit is answered before verify returns").isCompletedWithValueMatching(Verification::isValid);
        assertThat(decidedOn).containsExactly(caller);
        assertThat(app.storeReads.held).isEmpty();
        assertThat(app.storeReads.given).hasValue(given + 2);
    }

    @Test
    void aMissParsesOnceAndLooksUpOnce() {
        String unknown = ApiKeyToken.generate(KeyPrefix.DEFAULT, new Random(5)).value();
        app.storeReads.hold = true;

        CompletableFuture<Verification> miss = entry(issued.plaintext(), Set.of());
        CompletableFuture<Verification> unknownMiss = entry(unknown, Set.of());
        assertThat(app.verifiableKeys.atHandLookups).hasValue(2);
        assertThat(app.verifiableKeys.storeReads).as("nothing read on the calling thread").hasValue(0);
        app.storeReads.runHeld();

        assertThat(miss.join().isValid()).isTrue();
        assertThat(reason(unknownMiss.join())).isEqualTo(RejectionReason.NOT_FOUND);
        assertThat(app.verifiableKeys.atHandLookups).as("one look at the cache per miss").hasValue(2);
        assertThat(app.verifiableKeys.storeReads).as("one store read per miss").hasValue(2);
        assertThat(app.verificationEvents).hasSize(2);
    }

    @Test
    void theOriginIsTheOneTheRequestCarriesIntoTheEventAndTheAddressPolicy() {
        IssueApiKey.IssuedApiKey fenced = app.apiKeyService.issue(Caller.SERVICE, new IssueApiKey.Command(owner.id(),
                "fenced", Scopes.parse(List.of()), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(AllowedCidrs.parse(List.of("203.0.113.0/24")))));
        dev.latchkey.domain.apikey.KeyId asker = issued.key().id();

        Verification inside = app.verificationService.verify(new VerificationRequest(fenced.plaintext(), Set.of(),
                new VerificationRequest.Origin("203.0.113.7", "r-in", "/v1/keys/verify", asker)))
                .toCompletableFuture().join();
        Verification outside = app.verificationService.verify(new VerificationRequest(fenced.plaintext(), Set.of(),
                new VerificationRequest.Origin("198.51.100.1", "r-out", "/v1/auth", null)))
                .toCompletableFuture().join();

        assertThat(inside.isValid()).isTrue();
        assertThat(reason(outside)).isEqualTo(RejectionReason.IP_NOT_ALLOWED);
        assertThat(app.verificationEvents).extracting(VerificationEvent::clientIp, VerificationEvent::requestId,
                        VerificationEvent::route, VerificationEvent::actorKeyId, VerificationEvent::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("203.0.113.7", "r-in", "/v1/keys/verify", asker, "VALID"),
                        org.assertj.core.groups.Tuple.tuple("198.51.100.1", "r-out", "/v1/auth", null,
                                "IP_NOT_ALLOWED"));
    }

    @Test
    void aVerificationThatCannotBeDecidedCompletesExceptionallyAndThrowsNothing() {
        app.storeReads.hold = true;
        CompletableFuture<Verification> miss = entry(issued.plaintext(), Set.of());
        app.verifiableKeys.failure = new IllegalStateException("the store broke");
        app.storeReads.runHeld();

        assertThat(miss).isCompletedExceptionally();
        assertThat(app.verificationEvents).as("no verdict, no event").isEmpty();
    }

    @Test
    void aKeyWithARateLimitSharedOverTheNetworkIsAnsweredWhenTheLimiterAnswersWithTheOriginOfItsRequest() {
        IssueApiKey.IssuedApiKey key = limited(new RateLimit(100, 60), null);
        app.verify(key.plaintext(), Set.of()); // now cached
        assertThat(entry(key.plaintext(), Set.of())).isDone(); // in memory
        app.rateLimiter.shared = true;

        CompletableFuture<Verification> verdict = entry(key.plaintext(), Set.of());
        app.presentedFrom = new VerificationRequest.Origin("198.51.100.9", "another-request", "/v1/auth", null);

        assertThat(verdict).isNotDone();
        assertThat(app.rateLimiter.answerPending()).isEqualTo(1);
        assertThat(verdict).isCompletedWithValueMatching(Verification::isValid);
        assertThat(verdict.join().rateLimit().orElseThrow().remaining()).isEqualTo(97);
        AuditEvent audited = app.auditService.list(AuditFilter.ALL, PageRequest.first(1)).items().get(0);
        assertThat(audited).extracting(AuditEvent::type, AuditEvent::clientIp, AuditEvent::requestId)
                .containsExactly(AuditEventType.KEY_VERIFIED, "192.0.2.7", "request-1");
    }

    @Test
    void aKeyWithAQuotaAndASharedRateLimitIsVerifiedOffTheCallingThread() {
        IssueApiKey.IssuedApiKey key = limited(new RateLimit(100, 60), 5L);
        app.verify(key.plaintext(), Set.of()); // now cached
        app.rateLimiter.shared = true;
        app.storeReads.hold = true;

        assertThat(entry(key.plaintext(), Set.of())).isNotDone();
        assertThat(app.storeReads.held).hasSize(1);
        assertThat(app.rateLimiter.answerPending()).isZero(); // nothing taken from the limit by the calling thread
    }

    @Test
    void everyVerdictIsAuditedAndGenuineUsesAreCounted() {
        IssueApiKey.IssuedApiKey key = limited(null, 1L);
        app.verify(key.plaintext(), Set.of());
        app.verify(key.plaintext(), Set.of()); // usage exceeded: genuine, counted
        app.verify(key.plaintext().substring(0, key.plaintext().length() - 4) + "AAAA",
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

        assertThat(reason(app.verify(issued.plaintext(), Set.of()))).isEqualTo(RejectionReason.REVOKED);
    }

    @Test
    void aDisabledOwnersKeysStopAndComeBackWhenReenabled() {
        app.userService.update(Caller.SERVICE, new UpdateUser.Command(owner.id(), Optional.empty(), Optional.empty(),
                Optional.of(UserStatus.DISABLED)));
        RejectionReason whileDisabled = reason(app.verify(issued.plaintext(), Set.of()));
        app.userService.update(Caller.SERVICE, new UpdateUser.Command(owner.id(), Optional.empty(), Optional.empty(),
                Optional.of(UserStatus.ACTIVE)));

        assertThat(whileDisabled).isEqualTo(RejectionReason.DISABLED);
        assertThat(app.verify(issued.plaintext(), Set.of()).isValid()).isTrue();
    }

    @Test
    void aDeletedOwnersKeysStopForGood() {
        app.userService.delete(Caller.SERVICE, owner.id());

        assertThat(reason(app.verify(issued.plaintext(), Set.of())))
                .isEqualTo(RejectionReason.DISABLED);
    }

    @Test
    void handsEveryValidUseToLastUseWhetherTheVerdictCameFromTheStoreOrFromTheCache() {
        Instant first = app.clock.instant();
        app.verify(issued.plaintext(), Set.of());
        assertThat(lastUsedAt()).isEqualTo(first.truncatedTo(ChronoUnit.MICROS));

        app.clock.advance(Duration.ofSeconds(1));
        assertThat(entry(issued.plaintext(), Set.of())).isDone();
        assertThat(lastUsedAt()).isEqualTo(first.plusSeconds(1).truncatedTo(ChronoUnit.MICROS));
    }

    @Test
    void answersAtOnceWhatNeedsNoStoreRead() {
        app.storeReads.hold = true;
        assertThat(entry("not a key", Set.of()))
                .isCompletedWithValueMatching(verdict -> reason(verdict) == RejectionReason.MALFORMED);
        assertThat(entry(issued.plaintext(), Set.of())).isNotDone(); // not cached yet
        app.storeReads.runHeld();

        assertThat(entry(issued.plaintext(), Set.of(Scope.ADMIN)))
                .isCompletedWithValueMatching(verdict -> reason(verdict) == RejectionReason.INSUFFICIENT_SCOPE);
        app.apiKeyService.revoke(Caller.SERVICE, issued.key().id());
        assertThat(entry(issued.plaintext(), Set.of()))
                .isCompletedWithValueMatching(verdict -> reason(verdict) == RejectionReason.REVOKED);
        assertThat(app.storeReads.given).hasValue(1);
    }

    @Test
    void aRefusedKeyIsNotMarkedUsed() {
        app.verify(issued.plaintext(), Set.of(Scope.ADMIN));

        assertThat(lastUsedAt()).isNull();
    }

    @Test
    void malformedAndUnknownKeysAreRefused() {
        assertThat(reason(app.verify("lk_nonsense", Set.of()))).isEqualTo(RejectionReason.MALFORMED);
        assertThat(reason(app.verify(null, Set.of()))).isEqualTo(RejectionReason.MALFORMED);
        assertThat(reason(app.verify(freshKeyOfAnotherStore(), Set.of())))
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
        app.verify(issued.plaintext(), Set.of()); // the known id is cached, as a key in use is
        app.verify(unknown, Set.of()); // and the unknown one is known not to exist
        Instant lastUse = app.apiKeyService.get(issued.key().id()).lastUsedAt();
        Instant from = UseCases.START.minus(Duration.ofDays(1));
        Instant to = UseCases.START.plus(Duration.ofDays(1));
        List<UsageBucket> uses = app.usage.find(issued.key().id(), from, to, Granularity.DAY);
        int events = app.auditService.list(AuditFilter.ALL, PageRequest.first(100)).items().size();

        app.storeReads.hold = true;
        Verification known = entry(wrongSecret, Set.of()).getNow(null); // a known id with a wrong secret: at once
        Verification stranger = entry(unknown, Set.of()).getNow(null); // so is an unknown id
        assertThat(app.storeReads.held).isEmpty();

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

    /** The one entry, with the request's origin: the stage as it is when verify returns. */
    private CompletableFuture<Verification> entry(String key, Set<Scope> scopes) {
        return app.verificationService.verify(new VerificationRequest(key, scopes, app.presentedFrom))
                .toCompletableFuture();
    }

    private static RejectionReason reason(Verification verification) {
        return verification instanceof Verification.Rejected rejected ? rejected.reason() : null;
    }
}
