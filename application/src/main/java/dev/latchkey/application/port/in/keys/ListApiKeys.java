package dev.latchkey.application.port.in.keys;

import dev.latchkey.application.port.in.paging.Page;
import dev.latchkey.application.port.in.paging.PageRequest;

import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.user.UserId;
import java.util.Optional;

/** Lists a user's keys, oldest first. Throws {@code UserNotFound}. */
public interface ListApiKeys {

    /**
     * {@code honeytoken}: only honeytokens ({@code true}), only other keys ({@code false}), or all (empty); a filter by
     * it is for a {@code caller} who may tell honeytokens apart (else {@code InsufficientPrivilege}).
     */
    Page<ApiKey> list(Caller caller, UserId owner, PageRequest page, boolean includeRevoked,
                      Optional<Boolean> honeytoken);

    default Page<ApiKey> list(UserId owner, PageRequest page, boolean includeRevoked) {
        return list(Caller.SERVICE, owner, page, includeRevoked, Optional.empty());
    }
}
