package dev.latchkey.application.port.in.keys;

import dev.latchkey.application.port.in.paging.Page;
import dev.latchkey.application.port.in.paging.PageRequest;

import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.user.UserId;

/** Lists a user's keys, oldest first. Throws {@code UserNotFound}. */
public interface ListApiKeys {

    Page<ApiKey> list(UserId owner, PageRequest page, boolean includeRevoked);
}
