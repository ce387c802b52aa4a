package dev.latchkey.adapter.in.http.leaks;

import dev.latchkey.adapter.in.http.common.ApiSchemas;
import dev.latchkey.adapter.in.http.common.JsonFields;
import dev.latchkey.adapter.in.http.common.RateLimitHeaders;
import dev.latchkey.adapter.in.http.common.RequestIds;
import dev.latchkey.adapter.in.http.common.SuccessResponses;
import dev.latchkey.adapter.in.http.ops.ApiDocument;
import dev.latchkey.adapter.in.http.problem.NegotiationProblemResponses;
import dev.latchkey.adapter.in.http.problem.ProblemCode;
import dev.latchkey.adapter.in.http.problem.ProblemResponses;
import dev.latchkey.adapter.in.http.problem.Problems;
import dev.latchkey.adapter.in.http.security.AuthorizationProblems;
import dev.latchkey.application.port.in.leaks.ReportLeaks;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.leak.LeakOutcome;
import dev.latchkey.domain.leak.LeakReport;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/leaks}: reports of strings found in public places. Accepted when signed the way GitHub's
 * secret-scanning partner program signs (keys from {@code latchkey.leaks.github-keys-file}) or from a key with scope
 * {@code admin}; anyone else gets 401 (or 403) and nothing is looked at, so nothing is confirmed to them. The answer
 * says per report whether it was a Latchkey key and what was done; it never echoes a token.
 */
@Controller("/v1/leaks")
@ProblemResponses
@NegotiationProblemResponses
class LeaksController {

    static final int MAX_REPORTS = 1_000;

    private final ReportLeaks reportLeaks;
    private final GitHubReportSignatures signatures;
    private final JsonMapper json;

    LeaksController(ReportLeaks reportLeaks, GitHubReportSignatures signatures, JsonMapper json) {
        this.reportLeaks = reportLeaks;
        this.signatures = signatures;
        this.json = json;
    }

    @Serdeable
    @Schema(name = "LeakReport")
    record ReportDoc(@Schema(description = "the string found (never echoed)", maxLength = LeakReport.MAX_TOKEN_LENGTH)
                     String token,
                     @Nullable @Schema(description = "the scanner's name for it", maxLength = LeakReport.MAX_TEXT_LENGTH)
                     String type,
                     @Nullable @Schema(description = "where it was found; audited with key.leaked",
                             maxLength = LeakReport.MAX_TEXT_LENGTH) String url,
                     @Nullable @Schema(description = "e.g. content, commit", maxLength = LeakReport.MAX_TEXT_LENGTH)
                     String source) {
    }

    @Serdeable
    @Schema(name = "LeakVerdict")
    record Verdict(@Schema(description = "the report's position in the request", format = "int32", minimum = "0",
                           maximum = "" + (MAX_REPORTS - 1)) int index,
                   @Schema(allowableValues = {"latchkey_key", "unknown"}) String label,
                   @Schema(allowableValues = {"revoked", "flagged", "none"}) String action) {
    }

    @ApiResponse(responseCode = "200", description = "one verdict per report, in the order of the request", headers = {
            @io.swagger.v3.oas.annotations.headers.Header(name = RateLimitHeaders.LIMIT,
                    description = SuccessResponses.LIMIT_DESCRIPTION, schema = @Schema(type = "integer",
                    format = "int32", minimum = "1", maximum = ApiSchemas.MAX_RATE_LIMIT)),
            @io.swagger.v3.oas.annotations.headers.Header(name = RateLimitHeaders.REMAINING,
                    description = SuccessResponses.REMAINING_DESCRIPTION, schema = @Schema(type = "integer",
                    format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT)),
            @io.swagger.v3.oas.annotations.headers.Header(name = RateLimitHeaders.RESET,
                    description = SuccessResponses.RESET_DESCRIPTION, schema = @Schema(type = "integer",
                    format = "int32", minimum = "0", maximum = ApiSchemas.MAX_RATE_LIMIT_PERIOD)),
            @io.swagger.v3.oas.annotations.headers.Header(name = RequestIds.HEADER,
                    description = SuccessResponses.REQUEST_ID_DESCRIPTION, schema = @Schema(type = "string",
                    pattern = ApiSchemas.REQUEST_ID_PATTERN, maxLength = 64))},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, array = @ArraySchema(maxItems = MAX_REPORTS,
                    schema = @Schema(implementation = Verdict.class))))
    @Operation(operationId = "reportLeaks", summary = "Report keys found in public places (a secret scanner's format)",
            tags = "leaks", description = "A genuine, live key reported is revoked (`latchkey.leaks.action: revoke`, "
                    + "the default) or flagged (`flag`), audited as `key.leaked` and announced. With `revoke`, every "
                    + "key self-rotated from the reported one (`POST /v1/me/rotate`, transitively) is revoked too "
                    + "(`key.revoked` each); a replacement made with `keys:write`, and the keys after it, are left "
                    + "alone. A honeytoken reported is left as it is (action `none`: it never authenticates, and keeps "
                    + "alerting), audited as `key.leaked` and announced with `honeytoken: \"true\"`.")
    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @Secured(SecurityRule.IS_ANONYMOUS)
    // GitHub's signed call presents no key: the signature is the third way in, beside the two of @ProblemResponses
    @SecurityRequirement(name = ApiDocument.GITHUB_SIGNATURE)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, array = @ArraySchema(
            minItems = 1, maxItems = MAX_REPORTS, schema = @Schema(implementation = ReportDoc.class))))
    HttpResponse<?> report(HttpRequest<?> request, @Body @Parameter(hidden = true) byte[] body,
                           @Nullable Authentication authentication,
                           @Header(GitHubReportSignatures.IDENTIFIER_HEADER) @Nullable @Parameter(
                                   description = "the verification key's identifier (GitHub's secret scanning)",
                                   schema = @Schema(type = "string", maxLength = 200)) String identifier,
                           @Header(GitHubReportSignatures.SIGNATURE_HEADER) @Nullable @Parameter(
                                   description = "base64 of the ECDSA (P-256, SHA-256) signature of the raw body;"
                                           + " without both headers a key with scope admin is needed",
                                   schema = @Schema(type = "string", maxLength = 400)) String signature) {
        if (identifier != null || signature != null) {
            if (!signatures.verify(identifier, signature, body)) {
                return Problems.response(request, ProblemCode.INVALID_SIGNATURE, signatures.anyKeys()
                        ? "the report's signature is not valid for any configured verification key"
                        : "no verification keys are configured (latchkey.leaks.github-keys-file)");
            }
        } else if (authentication == null) {
            return AuthorizationProblems.unauthenticated(request);
        } else if (!authentication.getRoles().contains(Scope.ADMIN.value())) {
            return Problems.insufficientScope(request, Scope.ADMIN.value());
        }
        List<LeakReport> reports = parse(body);
        List<LeakOutcome> outcomes = reportLeaks.report(reports);
        List<Verdict> verdicts = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            verdicts.add(new Verdict(i, outcomes.get(i).label().wireName(), outcomes.get(i).action().wireName()));
        }
        return HttpResponse.ok(verdicts);
    }

    /** A JSON array of 1-1,000 objects with a string {@code token}; {@code type}, {@code url}, {@code source} optional. */
    private List<LeakReport> parse(byte[] body) {
        JsonNode array;
        try {
            array = json.readValue(body, JsonNode.class);
        } catch (IOException e) {
            throw new InvalidValueException("body", "the body must be a JSON array of reports");
        }
        if (array == null || !array.isArray() || array.size() == 0 || array.size() > MAX_REPORTS) {
            throw new InvalidValueException("body", "the body must be a JSON array of 1-" + MAX_REPORTS + " reports");
        }
        List<LeakReport> reports = new ArrayList<>(array.size());
        for (JsonNode item : array.values()) {
            if (!item.isObject()) {
                throw new InvalidValueException("body", "each report must be an object with a token");
            }
            reports.add(new LeakReport(text(item, "token", false), text(item, "type", true), text(item, "url", true),
                    text(item, "source", true)));
        }
        return reports;
    }

    /** A report's string field: {@link JsonFields#string} once present; absent, {@code null} or required. */
    private static String text(JsonNode item, String field, boolean optional) {
        JsonNode value = item.get(field);
        if (value == null) {
            if (optional) {
                return null;
            }
            throw new InvalidValueException(field, field + " is required");
        }
        return JsonFields.string(field, value, optional);
    }
}
