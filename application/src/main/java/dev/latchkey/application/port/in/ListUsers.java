package dev.latchkey.application.port.in;

import dev.latchkey.domain.user.User;

/** Lists users in creation order, a page at a time. */
public interface ListUsers {

    Page<User> list(PageRequest page);
}
