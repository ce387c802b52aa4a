package dev.latchkey.application.port.in.users;

import dev.latchkey.application.port.in.paging.Page;
import dev.latchkey.application.port.in.paging.PageRequest;

import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserSearch;

/** Lists users in creation order, a page at a time. */
public interface ListUsers {

    Page<User> list(PageRequest page);

    /** The users whose name, email or externalId contains the search's text, in creation order, a page at a time. */
    Page<User> search(UserSearch search, PageRequest page);
}
