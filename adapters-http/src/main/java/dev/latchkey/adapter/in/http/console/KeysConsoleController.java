package dev.latchkey.adapter.in.http.console;

import dev.latchkey.adapter.in.http.keys.KeyMeta;
import dev.latchkey.adapter.in.http.security.Callers;
import dev.latchkey.application.port.in.audit.ListAuditEvents;
import dev.latchkey.application.port.in.keys.GetApiKey;
import dev.latchkey.application.port.in.keys.IssueApiKey;
import dev.latchkey.application.port.in.keys.RevokeApiKey;
import dev.latchkey.application.port.in.keys.RotateApiKey;
import dev.latchkey.application.port.in.paging.PageRequest;
import dev.latchkey.application.port.in.usage.GetKeyUsage;
import dev.latchkey.application.port.in.users.GetUser;
import dev.latchkey.domain.DomainException;
import dev.latchkey.domain.InvalidValueException;
import dev.latchkey.domain.apikey.AllowedCidrs;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.RateLimit;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.apikey.Scopes;
import dev.latchkey.domain.audit.AuditFilter;
import dev.latchkey.domain.usage.Granularity;
import dev.latchkey.domain.user.User;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The console's keys: issue (shown once), a key's page with its usage and audit trail, rotate and revoke. */
@Hidden
@Controller(ConsolePaths.ROOT)
final class KeysConsoleController {

    static final int AUDIT_EVENTS_SHOWN = 20;

    private final ConsolePages pages;
    private final GetUser getUser;
    private final GetApiKey getApiKey;
    private final IssueApiKey issueApiKey;
    private final RotateApiKey rotateApiKey;
    private final RevokeApiKey revokeApiKey;
    private final GetKeyUsage getKeyUsage;
    private final ListAuditEvents listAuditEvents;
    private final KeyMeta keyMeta;
    private final JsonMapper json;
    private final Clock clock;

    KeysConsoleController(ConsolePages pages, GetUser getUser, GetApiKey getApiKey, IssueApiKey issueApiKey, RotateApiKey rotateApiKey,
                          RevokeApiKey revokeApiKey, GetKeyUsage getKeyUsage, ListAuditEvents listAuditEvents,
                          KeyMeta keyMeta, JsonMapper json, Clock clock) {
        this.pages = pages;
        this.getUser = getUser;
        this.getApiKey = getApiKey;
        this.issueApiKey = issueApiKey;
        this.rotateApiKey = rotateApiKey;
        this.revokeApiKey = revokeApiKey;
        this.getKeyUsage = getKeyUsage;
        this.listAuditEvents = listAuditEvents;
        this.keyMeta = keyMeta;
        this.json = json;
        this.clock = clock;
    }

    @Post("/users/{userId}/keys")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured("keys:write")
    HttpResponse<?> issue(HttpRequest<?> request, Authentication authentication, @PathVariable String userId,
                          @Body @Nullable Map<String, String> body) {
        ConsoleForm form = ConsoleForm.of(body);
        ConsolePages.requireToken(request, form);
        User user = ConsoleLookups.user(getUser, userId);
        IssueApiKey.IssuedApiKey issued;
        try {
            issued = issueApiKey.issue(Callers.of(authentication), new IssueApiKey.Command(user.id(), form.text("name"), scopes(form),
                    Optional.empty(), Optional.ofNullable(form.time("expiresAt", "2026-12-31T23:59")),
                    Optional.ofNullable(form.text("meta")).map(this::meta), Optional.ofNullable(rateLimit(form)),
                    Optional.ofNullable(number(form, "remaining")),
                    Optional.of(form.words("allowedCidrs")).filter(texts -> !texts.isEmpty()).map(AllowedCidrs::parse),
                    "on".equals(form.raw("honeytoken"))));
        } catch (DomainException | InvalidValueException e) {
            return ConsolePages.seeOther(request, UsersConsoleController.userPath(user), true,
                    "No key was issued: " + e.getMessage());
        }
        return issuedPage(request, authentication, issued, "Key issued for " + user.name() + ".");
    }

    @Get("/keys/{keyId}")
    @Secured("keys:read")
    HttpResponse<?> show(HttpRequest<?> request, Authentication authentication, @PathVariable String keyId,
                         @QueryValue @Nullable String granularity) {
        ApiKey key = ConsoleLookups.key(getApiKey, keyId);
        Instant now = clock.instant();
        Granularity size = Arrays.stream(Granularity.values()).filter(g -> g.wireName().equals(granularity))
                .findFirst().orElse(Granularity.MINUTE);
        Instant to = size.bucketOf(now).plus(size.length());
        Instant from = to.minus(size.length().multipliedBy(UsageChart.BUCKETS.get(size)));
        UsageChart chart = UsageChart.of(getKeyUsage.usage(key.id(), from, to, size), from, size);
        List<Map<String, Object>> events = List.of();
        if (authentication.getRoles().contains(Scope.AUDIT_READ.value())) {
            events = listAuditEvents.list(new AuditFilter(Optional.empty(), Optional.of(key.id()), Optional.empty(),
                            Optional.empty(), Optional.empty()), PageRequest.first(AUDIT_EVENTS_SHOWN)).items().stream()
                    .map(ConsoleViews::event).toList();
        }
        return pages.page(request, authentication, "key", ConsoleSection.USERS, ConsolePages.model(
                "key", ConsoleViews.key(key, now, Callers.of(authentication)), "chart", chart.model(), "granularity", size.wireName(),
                "events", events));
    }

    @Post("/keys/{keyId}/rotate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured("keys:write")
    HttpResponse<?> rotate(HttpRequest<?> request, Authentication authentication, @PathVariable String keyId,
                           @Body @Nullable Map<String, String> body) {
        ConsoleForm form = ConsoleForm.of(body);
        ConsolePages.requireToken(request, form);
        ApiKey key = ConsoleLookups.key(getApiKey, keyId);
        IssueApiKey.IssuedApiKey issued;
        Duration grace;
        try {
            Long seconds = number(form, "graceSeconds");
            grace = Duration.ofSeconds(seconds == null ? 0 : seconds);
            issued = rotateApiKey.rotate(Callers.of(authentication), new RotateApiKey.Command(key.id(), grace));
        } catch (DomainException | InvalidValueException e) {
            return ConsolePages.seeOther(request, keyPath(key), true, "The key was not rotated: " + e.getMessage());
        }
        return issuedPage(request, authentication, issued, "Key " + key.start() + "… rotated. "
                + (grace.isZero() ? "The old key no longer works." : "The old key keeps working for "
                + grace.toSeconds() + " s, until " + ConsoleViews.time(clock.instant().plus(grace)) + "."));
    }

    @Get("/keys/{keyId}/revoke")
    @Secured("keys:write")
    HttpResponse<?> confirmRevoke(HttpRequest<?> request, Authentication authentication, @PathVariable String keyId) {
        ApiKey key = ConsoleLookups.key(getApiKey, keyId);
        return pages.confirmation(request, authentication, "Revoke key " + key.name() + " (" + key.start() + "…)?",
                "Every request with this key is refused from now on. A revoked key cannot be restored.",
                keyPath(key) + "/revoke", "Revoke key", keyPath(key));
    }

    @Post("/keys/{keyId}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Secured("keys:write")
    HttpResponse<?> revoke(HttpRequest<?> request, Authentication authentication, @PathVariable String keyId,
                           @Body @Nullable Map<String, String> body) {
        ConsolePages.requireToken(request, ConsoleForm.of(body));
        ApiKey key = ConsoleLookups.key(getApiKey, keyId);
        try {
            revokeApiKey.revoke(Callers.of(authentication), key.id());
        } catch (DomainException e) {
            return ConsolePages.seeOther(request, keyPath(key), true, "The key was not revoked: " + e.getMessage());
        }
        return ConsolePages.seeOther(request, keyPath(key), false, "Key " + key.start() + "… revoked.");
    }

    /** The one page that shows a key: never cached, never again. */
    private HttpResponse<?> issuedPage(HttpRequest<?> request, Authentication authentication,
                                       IssueApiKey.IssuedApiKey issued, String headline) {
        return pages.page(request, authentication, "issued", ConsoleSection.USERS, ConsolePages.model(
                "headline", headline, "plaintext", issued.plaintext(),
                "key", ConsoleViews.key(issued.key(), clock.instant(), Callers.of(authentication))));
    }

    static String keyPath(ApiKey key) {
        return ConsolePaths.ROOT + "/keys/" + key.id().value();
    }

    /** Scope names separated by spaces or commas. */
    private static Scopes scopes(ConsoleForm form) {
        return Scopes.parse(form.words("scopes"));
    }

    /** Both fields or neither. */
    private static RateLimit rateLimit(ConsoleForm form) {
        Long limit = number(form, "rateLimit");
        Long period = number(form, "ratePeriodSeconds");
        if (limit == null && period == null) {
            return null;
        }
        if (limit == null || period == null || limit > Integer.MAX_VALUE || period > Integer.MAX_VALUE) {
            throw new InvalidValueException("rateLimit", "a rate limit needs both a number of requests and a period "
                    + "in seconds");
        }
        return new RateLimit(limit.intValue(), period.intValue());
    }

    private static Long number(ConsoleForm form, String field) {
        String text = form.text(field);
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new InvalidValueException(field, field + " must be a whole number");
        }
    }

    private dev.latchkey.domain.apikey.KeyMetadata meta(String text) {
        JsonNode node;
        try {
            node = json.readValue(text, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw new InvalidValueException("meta", "meta must be a JSON object, e.g. {\"plan\": \"pro\"}");
        }
        return keyMeta.fromRequest(node);
    }
}
