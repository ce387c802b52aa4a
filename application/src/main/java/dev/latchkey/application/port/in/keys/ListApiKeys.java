package dev.latchkey.application.port.in.keys;

import dev.latchkey.application.port.in.paging.Page;
import dev.latchkey.application.port.in.paging.PageRequest;

import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.user.UserId;
import java.util.Optional;

/** Lists a user's keys, oldest first. Throws {@code UserNotFound}. */
public interface ListApiKeys {

    /** {@code honeytoken}: only honeytokens ({@code true}), only other keys ({@code false}), or all (empty). */
    Page<ApiKey> list(UserId owner, PageRequest page, boolean includeRevoked, Optional<Boolean> honeytoken);

    default Page<ApiKey> list(UserId owner, PageRequest page, boolean includeRevoked) {
        return list(owner, page, includeRevoked, Optional.empty());
    }
}
