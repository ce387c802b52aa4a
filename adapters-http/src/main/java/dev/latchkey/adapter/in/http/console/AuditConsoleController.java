package dev.latchkey.adapter.in.http.console;

import dev.latchkey.adapter.in.http.audit.AuditFilters;
import dev.latchkey.application.port.in.audit.ListAuditEvents;
import dev.latchkey.domain.audit.AuditEventType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.Arrays;

/** The audit trail with its filters. */
@Hidden
@Controller(ConsolePaths.ROOT)
final class AuditConsoleController {

    static final int PAGE_SIZE = 50;
    private static final String EXAMPLE_TIME = "2026-11-24T09:30";

    private final ConsolePages pages;
    private final ListAuditEvents listAuditEvents;

    AuditConsoleController(ConsolePages pages, ListAuditEvents listAuditEvents) {
        this.pages = pages;
        this.listAuditEvents = listAuditEvents;
    }

    @Get("/audit")
    @Secured("audit:read")
    HttpResponse<?> audit(HttpRequest<?> request, Authentication authentication, @QueryValue @Nullable String userId,
                          @QueryValue @Nullable String keyId, @QueryValue @Nullable String type,
                          @QueryValue @Nullable String since, @QueryValue @Nullable String until,
                          @QueryValue @Nullable String cursor) {
        ConsolePages.Listing events = ConsolePages.list(PAGE_SIZE, cursor, pageRequest -> listAuditEvents.list(
                AuditFilters.of(blankToNull(userId), blankToNull(keyId), blankToNull(type),
                        ConsoleForm.time("since", since, EXAMPLE_TIME), ConsoleForm.time("until", until, EXAMPLE_TIME)),
                pageRequest), ConsoleViews::event);
        return pages.page(request, authentication, "audit", ConsoleSection.AUDIT, ConsolePages.model(
                "events", events.items(), "nextCursor", events.nextCursor(), "error", events.error(),
                "types", Arrays.stream(AuditEventType.values()).map(AuditEventType::wireName).toList(),
                "filter", ConsolePages.model("userId", userId, "keyId", keyId, "type", type, "since", since,
                        "until", until)));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
