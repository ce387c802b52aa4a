package dev.latchkey.domain.access;

import dev.latchkey.domain.apikey.ApiKey;
import dev.latchkey.domain.apikey.Scope;
import dev.latchkey.domain.apikey.Scopes;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may change what. Built-in scopes ({@link Scopes#BUILT_IN}) are privileges: a caller grants, changes or removes
 * only what it holds, and {@code admin} (which holds them all) is the only one that grants {@code admin}. Application
 * scopes are the customers' own and are not checked here. Every use case that grants scopes, changes, rotates or
 * revokes a key, changes or deletes a user, or explains a verdict, asks these rules first; each throws {@link InsufficientPrivilege}
 * before anything is written.
 */
public final class AccessPolicies {

    /** What explaining a verdict takes besides verifying. */
    private static final Set<Scope> EXPLAINING = Set.of(Scope.AUDIT_READ);
    /**
     * What planting, managing and telling apart honeytokens takes: a decoy that others can recognise, rename or remove
     * is no decoy (docs/honeytokens.md).
     */
    private static final Set<Scope> HONEYTOKENS = Set.of(Scope.ADMIN);

    private AccessPolicies() {
    }

    /** A key issued, or a key's scopes set by a change, with {@code scopes}: the caller holds their built-in ones. */
    public static void requireMayGrant(Caller caller, Scopes scopes) {
        require(caller, scopes.values(), "granting these scopes");
    }

    /**
     * A key changed, rotated or revoked: the caller holds every built-in scope the key holds, and {@code admin} for a
     * honeytoken.
     */
    public static void requireMayManage(Caller caller, ApiKey key) {
        Set<Scope> needed = new TreeSet<>(key.scopes().values());
        if (key.honeytoken()) {
            needed.addAll(HONEYTOKENS);
        }
        require(caller, needed, "changing key " + key.id().value());
    }

    /**
     * A user changed, disabled, re-enabled or deleted, which stops or restarts every key it owns: the caller holds every
     * built-in scope of {@code ownedKeys}, the user's keys that are not revoked, and {@code admin} when one of them is a
     * honeytoken. So a key that is not {@code admin} can never lock out an admin key, nor bring one back, nor remove a
     * decoy an admin planted.
     */
    public static void requireMayManageOwnerOf(Caller caller, Collection<ApiKey> ownedKeys) {
        Set<Scope> needed = new TreeSet<>();
        ownedKeys.stream().filter(key -> !key.isRevoked()).forEach(key -> {
            needed.addAll(key.scopes().values());
            if (key.honeytoken()) {
                needed.addAll(HONEYTOKENS);
            }
        });
        require(caller, needed, "changing a user whose keys hold built-in scopes");
    }

    /**
     * A key replacing itself (or a key of its own line of rotations): it holds {@code me:rotate}, self-service
     * rotation being opt-in per key, whichever route it takes.
     */
    public static void requireMayRotateItself(Caller caller) {
        require(caller, Set.of(Scope.ME_ROTATE), "a key rotating itself");
    }

    /**
     * A verdict explained step by step ({@code "explain": true} on a verification): the caller holds
     * {@code audit:read} besides what verifying takes, since the explanation tells more of a key than its verdict.
     */
    public static void requireMayExplain(Caller caller) {
        require(caller, EXPLAINING, "explaining a verdict");
    }

    /** Whether {@link #requireMayExplain} lets {@code caller} through: for a page that offers the explanation. */
    public static boolean mayExplain(Caller caller) {
        return EXPLAINING.stream().allMatch(caller::holds);
    }

    /**
     * A honeytoken issued: only {@code admin} plants decoys, whose alerts speak of a breach (docs/honeytokens.md).
     */
    public static void requireMayIssueHoneytoken(Caller caller) {
        require(caller, HONEYTOKENS, "issuing a honeytoken");
    }

    /** Keys listed by whether they are honeytokens: the caller may tell honeytokens from other keys. */
    public static void requireMaySeeHoneytokens(Caller caller) {
        require(caller, HONEYTOKENS, "telling honeytokens from other keys");
    }

    /**
     * Whether {@code caller} may tell honeytokens from other keys: a key shown to anyone else says nothing of it
     * (whoever holds keys:read and finds a decoy's key id must not learn that it is one).
     */
    public static boolean maySeeHoneytokens(Caller caller) {
        return HONEYTOKENS.stream().allMatch(caller::holds);
    }

    private static void require(Caller caller, Collection<Scope> scopes, String what) {
        Set<Scope> missing = new TreeSet<>();
        for (Scope scope : scopes) {
            if (Scopes.BUILT_IN.contains(scope) && !caller.holds(scope)) {
                missing.add(scope);
            }
        }
        if (!missing.isEmpty()) {
            throw new InsufficientPrivilege(missing, what);
        }
    }
}
