package dev.latchkey.adapter.in.http.console;

import dev.latchkey.adapter.in.http.common.EventLoops;
import dev.latchkey.adapter.in.http.security.AuthenticationFailure;
import dev.latchkey.adapter.in.http.security.Callers;
import dev.latchkey.application.port.in.verification.ExplainVerdict;
import dev.latchkey.application.port.in.verification.VerificationRequest;
import dev.latchkey.application.port.in.verification.VerifyApiKey;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.access.AccessPolicies;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.verification.RecordedTrace;
import dev.latchkey.domain.verification.VerifiableKey;
import dev.latchkey.domain.verification.Verification;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The verify box: a pasted key put through the same verification as {@code POST /v1/keys/verify}. */
@Hidden
@Controller(ConsolePaths.ROOT + "/verify")
final class VerifyConsoleController {

    private final ConsolePages pages;
    private final VerifyApiKey verifyApiKey;
    private final ExplainVerdict explainVerdict;

    VerifyConsoleController(ConsolePages pages, VerifyApiKey verifyApiKey, ExplainVerdict explainVerdict) {
        this.pages = pages;
        this.verifyApiKey = verifyApiKey;
        this.explainVerdict = explainVerdict;
    }

    @Get
    @Secured("keys:verify")
    HttpResponse<?> verifyForm(HttpRequest<?> request, Authentication authentication) {
        return pages.page(request, authentication, "verify", ConsoleSection.VERIFY, ConsolePages.model("verdict", null));
    }

    /**
     * Verifies the pasted key as {@code POST /v1/keys/verify} would: counted, audited, and never echoed. A key signed
     * in with {@code audit:read} sees the verdict explained, step by step, as {@code "explain": true} answers.
     */
    @Post
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured("keys:verify")
    HttpResponse<?> verify(HttpRequest<?> request, Authentication authentication, @Body @Nullable Map<String, String> body) {
        ConsoleForm form = ConsoleForm.of(body);
        ConsolePages.requireToken(request, form);
        String key = form.text("key");
        String scopesText = form.text("scopes");
        Map<String, Object> verdict;
        try {
            Set<Scope> required = form.words("scopes").stream().map(Scope::new).collect(Collectors.toSet());
            Caller caller = Callers.of(authentication);
            VerificationRequest verification = key == null ? null : new VerificationRequest(key, required,
                    pages.origin(request, ConsoleSection.VERIFY.path, caller.keyId()));
            if (verification == null) {
                verdict = ConsolePages.model("valid", false, "code", "missing_key", "why", "no key was pasted");
            } else if (AccessPolicies.mayExplain(caller)) {
                ExplainVerdict.ExplainedVerdict explained = EventLoops.await(explainVerdict.explain(caller, verification));
                verdict = verdict(explained.verification());
                verdict.put("trace", trace(explained.trace()));
            } else {
                verdict = verdict(EventLoops.await(verifyApiKey.verify(verification)));
            }
        } catch (InvalidValueException e) {
            verdict = ConsolePages.model("valid", false, "code", "validation_failed", "why", e.getMessage());
        }
        return pages.page(request, authentication, "verify", ConsoleSection.VERIFY,
                ConsolePages.model("verdict", verdict, "scopes", scopesText));
    }

    /** The steps as the page lists them: each step's name, outcome and what it looked at. */
    private static List<Map<String, Object>> trace(List<RecordedTrace.Step> steps) {
        return steps.stream().map(step -> ConsolePages.model("step", step.step().wireName().replace('_', ' '),
                "outcome", step.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                "detail", step.detail() == null ? "" : step.detail().text())).toList();
    }

    /** The verdict as the page shows it: a refusal says why in the words of the API's problem for it. */
    private static Map<String, Object> verdict(Verification verification) {
        if (verification instanceof Verification.Valid valid) {
            VerifiableKey key = valid.key();
            return ConsolePages.model("valid", true, "code", "VALID", "why", "the key is live and grants every "
                            + "required scope", "keyId", key.id().value(), "userId", key.owner().value(),
                    "scopes", String.join(" ", key.scopes().names()),
                    "remaining", valid.remaining().isPresent() ? valid.remaining().getAsLong() : null);
        }
        Verification.Rejected rejected = (Verification.Rejected) verification;
        AuthenticationFailure failure = AuthenticationFailure.of(rejected);
        return ConsolePages.model("valid", false, "code", rejected.reason().name(), "why", failure.detail(),
                "keyId", rejected.keyId().map(KeyId::value).orElse(null));
    }
}
