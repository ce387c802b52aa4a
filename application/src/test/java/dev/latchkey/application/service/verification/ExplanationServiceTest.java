package dev.latchkey.application.service.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.application.port.in.keys.IssueApiKey;
import dev.latchkey.application.port.in.users.RegisterUser;
import dev.latchkey.application.port.in.users.UpdateUser;
import dev.latchkey.application.port.in.verification.ExplainVerdict;
import dev.latchkey.application.port.in.verification.VerificationRequest;
import dev.latchkey.application.port.out.audit.AuditLog;
import dev.latchkey.application.testing.UseCases;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.access.InsufficientPrivilege;
import dev.latchkey.domain.apikey.AllowedCidrs;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.audit.AuditFilter;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserStatus;
import dev.latchkey.domain.verification.RecordedTrace;
import dev.latchkey.domain.verification.RejectionReason;
import dev.latchkey.domain.verification.Verification;
import dev.latchkey.domain.verification.VerificationStep;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * An explained verdict is the verification's own record of its steps: every reason has a step that refuses with it,
 * the last failing step of a trace is the verdict, nothing follows it, and the explanation is audited, written (not
 * queued, where a full queue drops it) on the store's executor.
 */
class ExplanationServiceTest {

    private static final Caller AUDITOR = Caller.ofKey(new KeyId("A".repeat(KeyId.LENGTH)),
            Scopes.parse(List.of("keys:verify", "audit:read")));

    private final UseCases app = new UseCases();
    private final List<AuditEvent> queued = new ArrayList<>();
    private boolean onStoreExecutor;
    private final ExplainVerdict explanation = new ExplanationService(app.verificationService, new AuditLog() {
        @Override
        public void append(AuditEvent event) {
            if (!onStoreExecutor) {
                throw new AssertionError("an explanation's audit event is written on the store's executor");
            }
            queued.add(event);
        }

        @Override
        public void appendLater(AuditEvent event) {
            throw new AssertionError("an explanation's audit event is written, never queued (a full queue drops it)");
        }

        @Override
        public List<AuditEvent> find(AuditFilter filter, Optional<Position> after, int limit) {
            return List.of();
        }
    }, command -> {
        onStoreExecutor = true;
        try {
            command.run();
        } finally {
            onStoreExecutor = false;
        }
    }, app.clock);

    /** One presentation to explain: the key, the scopes required, and where it comes from. */
    private record Scenario(String name, Supplier<VerificationRequest> request) {
    }

    private IssueApiKey.IssuedApiKey issue(String name, Optional<KeyPrefix> prefix, Optional<RateLimit> rateLimit,
                                           Optional<Long> remaining, Optional<AllowedCidrs> cidrs) {
        User user = app.userService.register(new RegisterUser.Command(name, null, null));
        return app.apiKeyService.issue(Caller.SERVICE, new IssueApiKey.Command(user.id(), name,
                Scopes.parse(List.of("process")), prefix, Optional.empty(), Optional.empty(), rateLimit, remaining,
                cidrs));
    }

    private IssueApiKey.IssuedApiKey plain(String name) {
        return issue(name, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static VerificationRequest presented(String key, String... scopes) {
        return new VerificationRequest(key, Arrays.stream(scopes).map(Scope::new).collect(java.util.stream.Collectors
                .toSet()), UseCases.PRESENTED_FROM);
    }

    /** Each reason, valid keys, with and without a rate limit and a quota; a scenario may set its key up first. */
    private List<Scenario> scenarios() {
        List<Scenario> all = new ArrayList<>();
        all.add(new Scenario("format", () -> presented("lk_nonsense")));
        all.add(new Scenario("null", () -> presented(null)));
        all.add(new Scenario("checksum", () -> {
            String key = plain("checksum").plaintext();
            char last = key.charAt(key.length() - 1);
            return presented(key.substring(0, key.length() - 1) + (last == 'x' ? 'y' : 'x'));
        }));
        all.add(new Scenario("unknown id", () -> presented(ApiKeyToken.generate(KeyPrefix.DEFAULT, new Random(7)).value())));
        all.add(new Scenario("wrong secret", () -> presented(withSecret(plain("secret").plaintext(), "s".repeat(32)))));
        all.add(new Scenario("other prefix", () -> {
            String key = issue("prefixed", Optional.of(new KeyPrefix("acme")), Optional.empty(), Optional.empty(),
                    Optional.empty()).plaintext();
            ApiKeyToken token = ApiKeyToken.parse(key).orElseThrow();
            return presented(withChecksum("lk_" + token.keyId().value() + token.secret()));
        }));
        all.add(new Scenario("revoked", () -> {
            IssueApiKey.IssuedApiKey key = plain("revoked");
            app.apiKeyService.revoke(Caller.SERVICE, key.key().id());
            return presented(key.plaintext());
        }));
        all.add(new Scenario("expired", () -> {
            User user = app.userService.register(new RegisterUser.Command("expiring", null, null));
            IssueApiKey.IssuedApiKey key = app.apiKeyService.issue(Caller.SERVICE, new IssueApiKey.Command(user.id(),
                    "expiring", Scopes.parse(List.of()), Optional.empty(),
                    Optional.of(app.clock.instant().plusSeconds(60))));
            app.clock.advance(Duration.ofMinutes(2));
            return presented(key.plaintext());
        }));
        all.add(new Scenario("disabled", () -> {
            IssueApiKey.IssuedApiKey key = plain("disabled");
            app.userService.update(Caller.SERVICE, new UpdateUser.Command(key.key().owner(), Optional.empty(),
                    Optional.empty(), Optional.of(UserStatus.DISABLED)));
            return presented(key.plaintext());
        }));
        all.add(new Scenario("elsewhere", () -> presented(issue("fenced", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(AllowedCidrs.parse(List.of("198.51.100.0/24")))).plaintext())));
        all.add(new Scenario("scope", () -> presented(plain("scoped").plaintext(), "process", "keys:read")));
        all.add(new Scenario("rate limited", () -> {
            String key = issue("limited", Optional.empty(), Optional.of(new RateLimit(1, 3600)), Optional.empty(),
                    Optional.empty()).plaintext();
            app.verify(key, Set.of());
            return presented(key);
        }));
        all.add(new Scenario("quota spent", () -> {
            String key = issue("spent", Optional.empty(), Optional.empty(), Optional.of(1L), Optional.empty())
                    .plaintext();
            app.verify(key, Set.of());
            return presented(key);
        }));
        all.add(new Scenario("valid", () -> presented(plain("valid").plaintext(), "process")));
        all.add(new Scenario("valid, limited", () -> presented(issue("both", Optional.empty(),
                Optional.of(new RateLimit(5, 60)), Optional.of(3L), Optional.empty()).plaintext())));
        all.add(new Scenario("valid, rate limit only", () -> presented(issue("rate", Optional.empty(),
                Optional.of(new RateLimit(5, 60)), Optional.empty(), Optional.empty()).plaintext())));
        all.add(new Scenario("valid, quota only", () -> presented(issue("quota", Optional.empty(), Optional.empty(),
                Optional.of(3L), Optional.empty()).plaintext())));
        return all;
    }

    private ExplainVerdict.ExplainedVerdict explain(VerificationRequest request) {
        return explanation.explain(AUDITOR, request).toCompletableFuture().join();
    }

    @Test
    void everyRejectionReasonHasAStepThatRefusesWithIt() {
        for (RejectionReason reason : RejectionReason.values()) {
            assertThat(Arrays.stream(VerificationStep.values()).map(VerificationStep::refusal))
                    .as("a trace step that fails with " + reason).contains(reason);
        }
    }

    @Test
    void theLastFailingStepOfEveryTraceIsTheVerdictAndNothingAfterItIsReached() {
        Set<RejectionReason> explained = EnumSet.noneOf(RejectionReason.class);
        for (Scenario scenario : scenarios()) {
            ExplainVerdict.ExplainedVerdict answer = explain(scenario.request().get());
            List<RecordedTrace.Step> trace = answer.trace();

            assertThat(trace).as(scenario.name() + ": every step, in the verifier's order")
                    .extracting(RecordedTrace.Step::step).containsExactly(VerificationStep.values());
            List<RecordedTrace.Step> failed = trace.stream()
                    .filter(step -> step.outcome() == RecordedTrace.Outcome.FAILED).toList();
            if (answer.verification() instanceof Verification.Rejected rejected) {
                assertThat(failed).as(scenario.name() + ": one failing step").hasSize(1);
                assertThat(failed.get(0).step().refusal()).as(scenario.name()).isEqualTo(rejected.reason());
                int at = trace.indexOf(failed.get(0));
                assertThat(trace.subList(0, at)).as(scenario.name() + ": passed up to the refusal")
                        .allMatch(step -> step.outcome() == RecordedTrace.Outcome.PASSED);
                assertThat(trace.subList(at + 1, trace.size())).as(scenario.name() + ": nothing after it reached")
                        .allMatch(step -> step.outcome() == RecordedTrace.Outcome.NOT_REACHED);
                explained.add(rejected.reason());
            } else {
                assertThat(failed).as(scenario.name() + ": a valid verdict has no failing step").isEmpty();
                assertThat(trace).as(scenario.name()).allMatch(step -> step.outcome() == RecordedTrace.Outcome.PASSED);
            }
        }
        assertThat(explained).as("a scenario for every reason").containsExactlyInAnyOrder(RejectionReason.values());
    }

    @Test
    void eachStepSaysWhatItLookedAt() {
        String fenced = issue("fenced", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(AllowedCidrs.parse(List.of("192.0.2.0/24")))).plaintext();
        List<RecordedTrace.Step> scopes = explain(presented(fenced, "process", "keys:read", "reports")).trace();
        assertThat(step(scopes, VerificationStep.ADDRESS_ALLOWED).detail().address()).isEqualTo("192.0.2.7");
        assertThat(step(scopes, VerificationStep.SCOPES).detail().missingScopes()).containsExactly("keys:read", "reports");

        String limited = issue("limited", Optional.empty(), Optional.of(new RateLimit(5, 60)), Optional.of(3L),
                Optional.empty()).plaintext();
        List<RecordedTrace.Step> trace = explain(presented(limited)).trace();
        assertThat(step(trace, VerificationStep.RATE_LIMIT).detail().remaining()).isEqualTo(4L);
        assertThat(step(trace, VerificationStep.RATE_LIMIT).detail().resetSeconds()).isPositive();
        assertThat(step(trace, VerificationStep.QUOTA).detail().remaining()).as("after this use").isEqualTo(2L);
        assertThat(app.apiKeyService.get(ApiKeyToken.parse(limited).orElseThrow().keyId()).remaining())
                .as("an explained verification takes a use, as any").isEqualTo(2L);
    }

    @Test
    void aCallerWithoutAuditReadIsRefusedBeforeAnythingIsVerified() {
        Caller verifier = Caller.ofKey(AUDITOR.keyId(), Scopes.parse(List.of("keys:verify")));
        String key = plain("kept").plaintext();

        assertThatThrownBy(() -> explanation.explain(verifier, presented(key)))
                .isInstanceOf(InsufficientPrivilege.class).hasMessageContaining("audit:read");
        assertThat(app.verificationEvents).isEmpty();
        assertThat(queued).isEmpty();
    }

    @Test
    void theExplanationIsQueuedForTheAuditWithTheCallerAsActorAndNoKeyMaterial() {
        IssueApiKey.IssuedApiKey key = plain("audited");
        String secret = ApiKeyToken.parse(key.plaintext()).orElseThrow().secret();
        String wrong = withSecret(key.plaintext(), "w".repeat(32));

        ExplainVerdict.ExplainedVerdict valid = explain(presented(key.plaintext(), "process"));
        ExplainVerdict.ExplainedVerdict refused = explain(presented(wrong, "process"));
        explain(presented("lk_" + secret));

        assertThat(queued).extracting(AuditEvent::type, AuditEvent::actorKeyId, AuditEvent::keyId, AuditEvent::code)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(AuditEventType.KEY_EXPLAINED, AUDITOR.keyId(),
                                key.key().id(), "VALID"),
                        org.assertj.core.groups.Tuple.tuple(AuditEventType.KEY_EXPLAINED, AUDITOR.keyId(),
                                key.key().id(), "NOT_FOUND"),
                        org.assertj.core.groups.Tuple.tuple(AuditEventType.KEY_EXPLAINED, AUDITOR.keyId(), null,
                                "MALFORMED"));
        assertThat(queued.get(1).detail()).isEqualTo("refused at secret_matches");
        assertThat(app.verificationEvents).as("counted as any verification").hasSize(3);
        String everything = queued + " " + valid.trace() + " " + refused.trace();
        assertThat(everything).doesNotContain(secret).doesNotContain("w".repeat(32));
    }

    @Test
    void aHoneytokenIsExplainedExactlyAsAWrongSecretIs() {
        User owner = app.userService.register(new RegisterUser.Command("decoy owner", null, null));
        String decoy = app.apiKeyService.issue(Caller.SERVICE, new IssueApiKey.Command(owner.id(), "decoy",
                Scopes.parse(List.of("process")), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), true)).plaintext();

        ExplainVerdict.ExplainedVerdict honeytoken = explain(presented(decoy, "process"));
        ExplainVerdict.ExplainedVerdict wrongSecret = explain(presented(withSecret(decoy, "w".repeat(32)), "process"));

        assertThat(honeytoken.trace()).as("the trace tells a honeytoken from a wrong secret in nothing")
                .isEqualTo(wrongSecret.trace());
        assertThat(((Verification.Rejected) honeytoken.verification()).reason()).isEqualTo(RejectionReason.NOT_FOUND);
        assertThat(queued).extracting(AuditEvent::code, AuditEvent::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple("NOT_FOUND", "refused at secret_matches"),
                org.assertj.core.groups.Tuple.tuple("NOT_FOUND", "refused at secret_matches"));
    }

    private static RecordedTrace.Step step(List<RecordedTrace.Step> trace, VerificationStep wanted) {
        return trace.stream().filter(step -> step.step() == wanted).findFirst().orElseThrow();
    }

    private static String withSecret(String key, String secret) {
        ApiKeyToken token = ApiKeyToken.parse(key).orElseThrow();
        return withChecksum(token.prefix().value() + "_" + token.keyId().value() + secret);
    }

    /** {@code unchecked} with the format's CRC32 checksum appended (6 base62 digits). */
    private static String withChecksum(String unchecked) {
        CRC32 crc = new CRC32();
        crc.update(unchecked.getBytes(StandardCharsets.UTF_8));
        long value = crc.getValue();
        StringBuilder checksum = new StringBuilder();
        for (int i = 0; i < ApiKeyToken.CHECKSUM_LENGTH; i++) {
            checksum.insert(0, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".charAt((int) (value % 62)));
            value /= 62;
        }
        return unchecked + checksum;
    }
}
