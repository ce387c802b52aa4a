package dev.latchkey.adapter.in.http.console;

import dev.latchkey.adapter.in.http.common.ClientAddresses;
import dev.latchkey.adapter.in.http.common.EventLoops;
import dev.latchkey.adapter.in.http.common.RequestIds;
import dev.latchkey.application.port.in.verification.VerificationRequest;
import dev.latchkey.adapter.in.http.audit.AuditFilters;
import dev.latchkey.adapter.in.http.security.AuthenticationFailure;
import dev.latchkey.application.port.in.audit.ListAuditEvents;
import dev.latchkey.application.port.in.paging.Page;
import dev.latchkey.application.port.in.paging.PageRequest;
import dev.latchkey.application.port.in.verification.VerifyApiKey;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.apikey.KeyId;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.audit.AuditEvent;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.audit.AuditFilter;
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
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The audit trail with its filters, and the verify box. */
@Hidden
@Controller(ConsolePaths.ROOT)
final class AuditConsoleController {

    static final int PAGE_SIZE = 50;

    private final ConsolePages pages;
    private final ListAuditEvents listAuditEvents;
    private final VerifyApiKey verifyApiKey;
    private final ClientAddresses clientAddresses;

    AuditConsoleController(ConsolePages pages, ListAuditEvents listAuditEvents, VerifyApiKey verifyApiKey,
                           ClientAddresses clientAddresses) {
        this.clientAddresses = clientAddresses;
        this.pages = pages;
        this.listAuditEvents = listAuditEvents;
        this.verifyApiKey = verifyApiKey;
    }

    @Get("/audit")
    @Secured("audit:read")
    HttpResponse<?> audit(HttpRequest<?> request, Authentication authentication, @QueryValue @Nullable String userId,
                          @QueryValue @Nullable String keyId, @QueryValue @Nullable String type,
                          @QueryValue @Nullable String since, @QueryValue @Nullable String until,
                          @QueryValue @Nullable String cursor) {
        String error = null;
        Page<AuditEvent> page;
        try {
            AuditFilter filter = AuditFilters.of(blankToNull(userId), blankToNull(keyId), blankToNull(type),
                    time("since", since), time("until", until));
            page = listAuditEvents.list(filter, new PageRequest(PAGE_SIZE, Optional.ofNullable(cursor)));
        } catch (InvalidValueException e) {
            error = e.getMessage();
            page = new Page<>(List.of(), Optional.empty());
        }
        return pages.page(request, authentication, "audit", "audit", ConsolePages.model(
                "events", page.items().stream().map(ConsoleViews::event).toList(),
                "nextCursor", page.nextCursor().orElse(null), "error", error,
                "types", Arrays.stream(AuditEventType.values()).map(AuditEventType::wireName).toList(),
                "filter", ConsolePages.model("userId", userId, "keyId", keyId, "type", type, "since", since,
                        "until", until)));
    }

    @Get("/verify")
    @Secured("keys:verify")
    HttpResponse<?> verifyForm(HttpRequest<?> request, Authentication authentication) {
        return pages.page(request, authentication, "verify", "verify", ConsolePages.model("verdict", null));
    }

    /** Verifies the pasted key as {@code POST /v1/keys/verify} would: counted, audited, and never echoed. */
    @Post("/verify")
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
            verdict = key == null ? ConsolePages.model("valid", false, "code", "missing_key",
                    "why", "no key was pasted") : verdict(EventLoops.await(verifyApiKey.verify(
                    new VerificationRequest(key, required, new VerificationRequest.Origin(clientAddresses.of(request),
                            RequestIds.of(request), ConsolePaths.ROOT + "/verify",
                            new KeyId(authentication.getName()))))));
        } catch (InvalidValueException e) {
            verdict = ConsolePages.model("valid", false, "code", "validation_failed", "why", e.getMessage());
        }
        return pages.page(request, authentication, "verify", "verify",
                ConsolePages.model("verdict", verdict, "scopes", scopesText));
    }

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

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** A {@code datetime-local} value in UTC. */
    private static java.time.Instant time(String field, String text) {
        String value = blankToNull(text);
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(field, field + " must be a date and time, e.g. 2026-11-24T09:30");
        }
    }
}
