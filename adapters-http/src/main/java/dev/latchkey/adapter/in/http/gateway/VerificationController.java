package dev.latchkey.adapter.in.http.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.latchkey.adapter.in.http.common.ApiSchemas;
import dev.latchkey.adapter.in.http.common.ClientAddresses;
import dev.latchkey.adapter.in.http.common.EventLoops;
import dev.latchkey.adapter.in.http.common.RequestIds;
import dev.latchkey.adapter.in.http.common.SuccessResponses;
import dev.latchkey.adapter.in.http.common.UserAgents;
import dev.latchkey.adapter.in.http.common.Views;
import dev.latchkey.adapter.in.http.keys.KeyMeta;
import dev.latchkey.adapter.in.http.keys.Meta;
import dev.latchkey.adapter.in.http.problem.NegotiationProblemResponses;
import dev.latchkey.adapter.in.http.problem.ProblemResponses;
import dev.latchkey.adapter.in.http.security.Callers;
import dev.latchkey.adapter.in.http.security.PresentedKey;
import dev.latchkey.application.port.in.verification.ExplainVerdict;
import dev.latchkey.application.port.in.verification.VerificationRequest;
import dev.latchkey.application.port.in.verification.VerifyApiKey;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.apikey.Cidr;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.verification.RecordedTrace;
import dev.latchkey.domain.verification.RejectionReason;
import dev.latchkey.domain.verification.StepDetail;
import dev.latchkey.domain.verification.VerifiableKey;
import dev.latchkey.domain.verification.Verification;
import dev.latchkey.domain.verification.VerificationStep;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/keys/verify}: other services ask whether a key is good. The caller's own key authenticates the
 * call; the key in the body is the one verified. A well-formed request is always 200, the verdict in the body.
 */
@Controller("/v1/keys/verify")
@ProblemResponses
@NegotiationProblemResponses
class VerificationController {

    static final String ROUTE = "/v1/keys/verify";
    /**
     * The code of an accepted key; a refused one's is its {@link RejectionReason}'s name. The OpenAPI enum of
     * {@code Verdict.code} below lists them by hand (an annotation takes constants only): ApiDocumentDriftTest fails
     * when it disagrees with {@link RejectionReason}, so a new verification policy's reason is added there too.
     */
    static final String VALID = "VALID";

    private final VerifyApiKey verifyApiKey;
    private final ExplainVerdict explainVerdict;
    private final KeyMeta keyMeta;
    private final ClientAddresses clientAddresses;

    VerificationController(VerifyApiKey verifyApiKey, ExplainVerdict explainVerdict, KeyMeta keyMeta,
                           ClientAddresses clientAddresses) {
        this.verifyApiKey = verifyApiKey;
        this.explainVerdict = explainVerdict;
        this.keyMeta = keyMeta;
        this.clientAddresses = clientAddresses;
    }

    @Serdeable
    @Schema(name = "VerificationRequest")
    record Request(@Nullable @NotNull @Schema(description = "the key to verify (any string: a malformed one is the "
                           + "verdict MALFORMED)", maxLength = ApiSchemas.KEY_LENGTH) String key,
                   @Nullable @Size(max = Scopes.MAX_SCOPES) @ArraySchema(schema = @Schema(
                           pattern = ApiSchemas.SCOPE_PATTERN, maxLength = ApiSchemas.SCOPE_LENGTH),
                           arraySchema = @Schema(description = "scopes the key must hold")) List<@NotNull String> scopes,
                   @Nullable @Size(max = ApiSchemas.IP_LENGTH) @Schema(example = "203.0.113.7", description = "the address"
                           + " of the client that presented the key to the calling service (an IPv4 or IPv6 address):"
                           + " the key's allowedCidrs are checked against it, and the audit records it. Absent: the"
                           + " address of this request's client, as for any other request") String clientIp,
                   @Nullable @Schema(description = "true: the verdict comes with its trace, every step of the"
                           + " verification in order with its outcome (the caller needs audit:read besides keys:verify,"
                           + " else 403 insufficient_scope). Still a real verification: it counts, and takes the key's"
                           + " rate limit and quota, as without it. The explanation is audited (key.explained).",
                           defaultValue = "false") Boolean explain,
                   @Nullable @Size(max = USER_AGENT_LENGTH) @Schema(example = "curl/8.5.0", description = "the user"
                           + " agent of the client that presented the key to the calling service, told in the alert"
                           + " when the key is a honeytoken (kept to its first 256 characters). Absent: this"
                           + " request's User-Agent. A control character (other than tab) is refused, 400 validation_failed,"
                           + " as in a header") String userAgent) {

        boolean explained() {
            return Boolean.TRUE.equals(explain);
        }
    }

    /**
     * One step of an explained verdict. The OpenAPI enum of {@code step} lists the domain's {@link VerificationStep}
     * names by hand (an annotation takes constants only): ApiDocumentDriftTest fails when they disagree.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "VerificationTraceStep")
    record TraceStep(@Schema(description = "the step, in the order the verification takes them",
                             allowableValues = {"format", "checksum", "key_found", "secret_matches", "prefix",
                             "not_revoked", "not_expired", "owner_active", "address_allowed", "scopes", "rate_limit",
                             "quota"}) String step,
                     @Schema(description = "not_reached: a step after the one that refused the key",
                             allowableValues = {"passed", "failed", "not_reached"}) String outcome,
                     @Nullable @Schema(description = "what the step looked at, in words (address_allowed: with the"
                             + " key's allowed addresses)", maxLength = 2000) String detail,
                     @Nullable @Schema(description = "address_allowed: the client address checked",
                             maxLength = ApiSchemas.IP_LENGTH) String address,
                     @Nullable @ArraySchema(maxItems = Scopes.MAX_SCOPES, schema = @Schema(
                             pattern = ApiSchemas.SCOPE_PATTERN, maxLength = ApiSchemas.SCOPE_LENGTH),
                             arraySchema = @Schema(description = "scopes: the required scopes the key lacks"))
                     List<String> missingScopes,
                     @Nullable @Schema(minimum = "0", maximum = ApiSchemas.MAX_LONG, format = "int64",
                             description = "rate_limit, quota: uses left")
                     Long remaining,
                     @Nullable @Schema(minimum = "0", maximum = ApiSchemas.MAX_LONG, format = "int64",
                             description = "rate_limit: seconds until the limit is whole again") Long resetSeconds) {

        static List<TraceStep> of(List<RecordedTrace.Step> trace) {
            return trace.stream().map(step -> {
                StepDetail detail = step.detail();
                String outcome = step.outcome().name().toLowerCase(Locale.ROOT);
                return detail == null ? new TraceStep(step.step().wireName(), outcome, null, null, null, null, null)
                        : new TraceStep(step.step().wireName(), outcome, detail.text(), detail.address(),
                        detail.missingScopes(), detail.remaining(), detail.resetSeconds());
            }).toList();
        }
    }

    /** The longest {@code userAgent} a request may name; its first 256 characters are kept. */
    static final int USER_AGENT_LENGTH = 1024;

    /**
     * The verdict; key details only for a valid key, the key id whenever the key parsed; {@code remaining} (after
     * this use) for a valid key with a quota; {@code rateLimit} whenever the key's limit was consulted.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Verdict")
    record Verdict(boolean valid, @Schema(description = "VALID, or the RejectionReason of the refusal",
                           allowableValues = {VALID, "MALFORMED", "NOT_FOUND", "EXPIRED", "REVOKED", "DISABLED",
                           "INSUFFICIENT_SCOPE", "USAGE_EXCEEDED", "RATE_LIMITED", "IP_NOT_ALLOWED"}) String code,
                   @Nullable @Schema(pattern = ApiSchemas.KEY_ID_PATTERN, maxLength = KeyId.LENGTH) String keyId,
                   @Nullable @Schema(pattern = ApiSchemas.USER_ID_PATTERN, maxLength = ApiSchemas.USER_ID_LENGTH)
                   String userId,
                   @Nullable @ArraySchema(maxItems = Scopes.MAX_SCOPES, uniqueItems = true, schema = @Schema(
                           pattern = ApiSchemas.SCOPE_PATTERN, maxLength = ApiSchemas.SCOPE_LENGTH))
                   Set<String> scopes,
                   @Nullable @Schema(format = ApiSchemas.DATE_TIME, maxLength = ApiSchemas.DATE_TIME_LENGTH)
                   String expiresAt,
                   @Nullable @Schema(minimum = "0", maximum = "" + Long.MAX_VALUE, format = "int64",
                           description = "uses left after this one, for a key with a quota") Long remaining,
                   @Nullable @Schema(type = "object", implementation = Meta.class, nullable = true) JsonNode meta,
                   @Nullable RateLimitStatus rateLimit,
                   @Nullable @ArraySchema(maxItems = 12, arraySchema = @Schema(description = "only when explain was"
                           + " true: every step of the verification, in order; the last failed one decided the code"))
                   List<TraceStep> trace) {

        /** The verdict with its trace. */
        Verdict explained(List<TraceStep> steps) {
            return new Verdict(valid, code, keyId, userId, scopes, expiresAt, remaining, meta, rateLimit, steps);
        }

        static Verdict of(Verification verification, KeyMeta keyMeta) {
            Instant now = Instant.now();
            RateLimitStatus rateLimit = verification.rateLimit().map(state -> RateLimitStatus.of(state, now)).orElse(null);
            if (verification instanceof Verification.Valid valid) {
                VerifiableKey key = valid.key();
                return new Verdict(true, VALID, key.id().value(), key.owner().value(), key.scopes().names(),
                        Views.timestamp(key.expiresAt()),
                        valid.remaining().isPresent() ? valid.remaining().getAsLong() : null,
                        keyMeta.toResponse(key.meta()), rateLimit, null);
            }
            Verification.Rejected rejected = (Verification.Rejected) verification;
            return new Verdict(false, rejected.reason().name(), rejected.keyId().map(KeyId::value).orElse(null),
                    null, null, null, rejected.reason() == RejectionReason.USAGE_EXCEEDED ? 0L : null, null,
                    rateLimit, null);
        }
    }

    /**
     * Answered on the event loop when the verdict is known without blocking I/O (after the shared rate limiter's
     * answer, when the key's limit is in Redis), else once the store answered. The key is verified as presented by
     * the client {@code clientIp} names (else this request's client), for this request, by the calling key.
     */
    @SuccessResponses.Ok
    @Operation(operationId = "verifyKey", summary = "Verify a key for another service", tags = "verification")
    @Post
    @Secured("keys:verify")
    Mono<Verdict> verify(HttpRequest<?> httpRequest, Authentication caller, @Body @Valid Request request) {
        String address = request.clientIp() == null ? clientAddresses.of(httpRequest)
                : Cidr.literal(request.clientIp()).map(bytes -> request.clientIp())
                        .orElseThrow(() -> new InvalidValueException("clientIp", "clientIp must be an IPv4 or IPv6 address"));
        // the header rule (HeaderSanity): a control character (NUL above all) is not a user agent, and a store may
        // refuse it when the honeytoken alert is written
        if (request.userAgent() != null && PresentedKey.hasControlCharacter(request.userAgent())) {
            throw new InvalidValueException("userAgent", "userAgent must not hold a control character");
        }
        Set<Scope> required = request.scopes() == null ? Set.of()
                : Scopes.parse(request.scopes()).values();
        VerificationRequest verification = new VerificationRequest(request.key(), required,
                new VerificationRequest.Origin(address, RequestIds.of(httpRequest), ROUTE, new KeyId(caller.getName()),
                        request.userAgent() == null ? UserAgents.of(httpRequest) : request.userAgent()));
        if (request.explained()) { // audit:read is checked (403) before anything is verified
            return EventLoops.whenAnswered(explainVerdict.explain(Callers.of(caller), verification), httpRequest,
                    answered -> Verdict.of(answered.verification(), keyMeta).explained(TraceStep.of(answered.trace())));
        }
        // complete at once, or when the store or a shared rate limiter answers: then back on the request's event loop
        return EventLoops.whenAnswered(verifyApiKey.verify(verification), httpRequest,
                answered -> Verdict.of(answered, keyMeta));
    }
}
