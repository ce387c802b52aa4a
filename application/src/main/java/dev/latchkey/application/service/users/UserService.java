package dev.latchkey.application.service.users;

import dev.latchkey.application.port.in.paging.Page;
import dev.latchkey.application.port.in.paging.PageRequest;
import dev.latchkey.application.port.in.users.DeleteUser;
import dev.latchkey.application.port.in.users.GetUser;
import dev.latchkey.application.port.in.users.ListUsers;
import dev.latchkey.application.port.in.users.RegisterUser;
import dev.latchkey.application.port.in.users.UpdateUser;
import dev.latchkey.application.port.out.keys.ApiKeys;
import dev.latchkey.application.port.out.users.Users;
import dev.latchkey.application.service.audit.ChangeAudit;
import dev.latchkey.application.service.paging.Cursors;
import dev.latchkey.application.service.paging.Pages;
import dev.latchkey.application.service.store.StoreTime;
import dev.latchkey.domain.access.AccessPolicies;
import dev.latchkey.domain.access.Caller;
import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.audit.AuditEventType;
import dev.latchkey.domain.user.ExternalIdTaken;
import dev.latchkey.domain.user.User;
import dev.latchkey.domain.user.UserId;
import dev.latchkey.domain.user.UserNotFound;
import dev.latchkey.domain.user.UserSearch;
import dev.latchkey.domain.user.UserStatus;
import dev.latchkey.domain.webhook.WebhookEventType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Registers, finds, lists, changes and deletes users. */
public final class UserService implements RegisterUser, GetUser, ListUsers, UpdateUser, DeleteUser {

    private final Users users;
    private final ApiKeys apiKeys;
    private final ChangeAudit audit;
    private final Clock clock;
    private final RandomGenerator random;

    private static final int KEYS_PER_READ = 500;

    public UserService(Users users, ApiKeys apiKeys, ChangeAudit audit, Clock clock, RandomGenerator random) {
        this.audit = audit;
        this.users = users;
        this.apiKeys = apiKeys;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public User register(RegisterUser.Command command) {
        Instant now = StoreTime.now(clock);
        User user = User.register(UserId.generate(now, random), command.name(), command.email(),
                command.externalId(), now);
        if (user.externalId() != null && users.findByExternalId(user.externalId()).isPresent()) {
            throw new ExternalIdTaken();
        }
        return audit.audited(() -> {
            users.add(user); // the store's unique constraint settles a race between two registrations
            audit.record(AuditEventType.USER_CREATED, null, user.id(), now);
            return user;
        });
    }

    /** A deleted user is gone for every caller: not found. */
    @Override
    public User get(UserId id) {
        return LiveUsers.require(users, id);
    }

    @Override
    public User update(Caller caller, UpdateUser.Command command) {
        User user = get(command.id());
        AccessPolicies.requireMayManageOwnerOf(caller, unrevokedKeysOf(user.id()));
        Instant now = StoreTime.now(clock);
        User changed = user;
        if (command.name().isPresent()) {
            changed = changed.renamed(command.name().get(), now);
        }
        if (command.email().isPresent()) {
            changed = changed.withEmail(command.email().get().orElse(null), now);
        }
        if (command.status().isPresent()) {
            changed = changed.withStatus(command.status().get(), now);
        }
        if (changed == user) {
            return user;
        }
        // only what was sent is written, and never onto a user deleted meanwhile
        Users.Changes sent = new Users.Changes(command.name(), command.email(), command.status());
        return audit.audited(() -> {
            Users.Update update = users.update(user.id(), sent, now).orElseThrow(() -> new UserNotFound(user.id()));
            User written = update.user();
            audit.record(AuditEventType.USER_UPDATED, null, written.id(), now);
            if (update.statusChanged() && written.status() == UserStatus.DISABLED) {
                audit.announce(WebhookEventType.USER_DISABLED, null, written.id(), now, Map.of());
            }
            return written;
        });
    }

    @Override
    public void delete(Caller caller, UserId id) {
        get(id);
        AccessPolicies.requireMayManageOwnerOf(caller, unrevokedKeysOf(id));
        Instant now = StoreTime.now(clock);
        audit.audited(() -> {
            if (!users.delete(id, now)) { // deleted meanwhile by another call, which recorded it
                throw new UserNotFound(id);
            }
            audit.record(AuditEventType.USER_DELETED, null, id, now);
            return null;
        });
    }

    /** Every key of {@code owner} that is not revoked, read a page at a time. */
    private List<ApiKey> unrevokedKeysOf(UserId owner) {
        List<ApiKey> keys = new ArrayList<>();
        Optional<ApiKeys.Position> after = Optional.empty();
        while (true) {
            List<ApiKey> page = apiKeys.listByOwner(owner, after, KEYS_PER_READ, false);
            keys.addAll(page);
            if (page.size() < KEYS_PER_READ) {
                return keys;
            }
            ApiKey last = page.get(page.size() - 1);
            after = Optional.of(new ApiKeys.Position(last.createdAt(), last.id()));
        }
    }

    @Override
    public Page<User> list(PageRequest page) {
        Optional<UserId> after = page.cursor().map(Cursors::toUser);
        List<User> found = users.listAfter(after, page.limit() + 1);
        return Pages.of(found, page.limit(), last -> Cursors.ofUser(last.id()));
    }

    @Override
    public Page<User> search(UserSearch search, PageRequest page) {
        Optional<UserId> after = page.cursor().map(Cursors::toUser);
        List<User> found = users.searchAfter(search, after, page.limit() + 1);
        return Pages.of(found, page.limit(), last -> Cursors.ofUser(last.id()));
    }
}
