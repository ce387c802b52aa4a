package dev.latchkey.domain.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.ApiKeyToken;
import dev.latchkey.domain.apikey.KeyPrefix;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.apikey.SecretHasher;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The trace is recorded by the verifier and the policies that decide, and costs nothing when it is off. */
class VerificationTraceTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:15:30Z");
    private final SecretHasher hasher = new SecretHasher("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private final Random random = new Random(11);
    private final ApiKeyToken token = ApiKeyToken.generate(KeyPrefix.DEFAULT, random);
    private final VerifiableKey key = VerifiableKey.of(ApiKey.issue(token, hasher, UserId.generate(NOW, random), "ci",
            Scopes.parse(List.of("process")), NOW.minusSeconds(60), null), UserStatus.ACTIVE);

    /** A policy that accepts every key and must never be asked to describe itself. */
    private static final VerificationPolicy SILENT = new VerificationPolicy() {
        @Override
        public VerificationStep step() {
            return VerificationStep.NOT_REVOKED;
        }

        @Override
        public Optional<RejectionReason> check(VerificationAttempt attempt) {
            return Optional.empty();
        }

        @Override
        public StepDetail detail(VerificationAttempt attempt) {
            throw new AssertionError("described although nobody asked for an explanation");
        }
    };

    @Test
    void theStandardPoliciesAreTheirStepsInTheStepsOrder() {
        List<VerificationStep> steps = VerificationPolicies.STANDARD.stream().map(VerificationPolicy::step).toList();

        assertThat(steps).containsExactly(VerificationStep.NOT_REVOKED, VerificationStep.NOT_EXPIRED,
                VerificationStep.OWNER_ACTIVE, VerificationStep.ADDRESS_ALLOWED, VerificationStep.SCOPES);
        assertThat(steps).isSortedAccordingTo(Enum::compareTo);
    }

    @Test
    void anOrdinaryVerificationDescribesNothing() {
        KeyVerifier verifier = new KeyVerifier(hasher, List.of(SILENT));

        assertThat(verifier.decide(token, Optional.of(key), Set.of(), NOW, null).isValid()).isTrue();
        assertThat(verifier.decide(token, Optional.of(key), Set.of(), NOW, null, VerificationTrace.OFF).isValid())
                .isTrue();
        assertThat(VerificationPolicies.firstRefusal(List.of(SILENT), new VerificationAttempt(key, Set.of(), NOW,
                null))).isEmpty();
    }

    @Test
    void formatAndChecksumAreToldApart() {
        RecordedTrace garbage = new RecordedTrace();
        RecordedTrace badChecksum = new RecordedTrace();
        String value = token.value();
        char last = value.charAt(value.length() - 1);

        assertThat(KeyVerifier.parse("lk_nonsense", garbage)).isEmpty();
        assertThat(KeyVerifier.parse(value.substring(0, value.length() - 1) + (last == 'x' ? 'y' : 'x'),
                badChecksum)).isEmpty();

        assertThat(garbage.lastFailure()).contains(VerificationStep.FORMAT);
        assertThat(badChecksum.lastFailure()).contains(VerificationStep.CHECKSUM);
        assertThat(badChecksum.steps().get(0)).extracting(RecordedTrace.Step::outcome)
                .isEqualTo(RecordedTrace.Outcome.PASSED);
    }

    @Test
    void aWrongSecretFailsAtTheSecretAndAnUnknownIdAtTheLookupBothNotFound() {
        ApiKeyToken stranger = ApiKeyToken.generate(KeyPrefix.DEFAULT, random);
        VerifiableKey other = VerifiableKey.of(ApiKey.issue(stranger, hasher, key.owner(), "other", Scopes.none(),
                NOW, null), UserStatus.ACTIVE);
        RecordedTrace wrongSecret = new RecordedTrace();
        RecordedTrace unknown = new RecordedTrace();
        KeyVerifier verifier = new KeyVerifier(hasher);

        Verification refused = verifier.decide(token, Optional.of(other), Set.of(), NOW, null, wrongSecret);
        Verification notFound = verifier.decide(token, Optional.empty(), Set.of(), NOW, null, unknown);

        assertThat(((Verification.Rejected) refused).reason()).isEqualTo(RejectionReason.NOT_FOUND);
        assertThat(((Verification.Rejected) notFound).reason()).isEqualTo(RejectionReason.NOT_FOUND);
        assertThat(wrongSecret.lastFailure()).contains(VerificationStep.SECRET_MATCHES);
        assertThat(unknown.lastFailure()).contains(VerificationStep.KEY_FOUND);
        assertThat(wrongSecret.steps()).filteredOn(step -> step.outcome() != RecordedTrace.Outcome.NOT_REACHED)
                .extracting(RecordedTrace.Step::step)
                .containsExactly(VerificationStep.KEY_FOUND, VerificationStep.SECRET_MATCHES);
    }

    @Test
    void theScopesStepNamesWhatIsMissingAndNoStepShowsTheSecret() {
        RecordedTrace trace = new RecordedTrace();

        new KeyVerifier(hasher).decide(token, Optional.of(key), Set.of(new Scope("process"), new Scope("billing")),
                NOW, "203.0.113.7", trace);

        assertThat(trace.lastFailure()).contains(VerificationStep.SCOPES);
        RecordedTrace.Step scopes = trace.steps().stream().filter(step -> step.step() == VerificationStep.SCOPES)
                .findFirst().orElseThrow();
        assertThat(scopes.detail().missingScopes()).containsExactly("billing");
        assertThat(trace.steps().toString()).doesNotContain(token.secret());
    }
}
