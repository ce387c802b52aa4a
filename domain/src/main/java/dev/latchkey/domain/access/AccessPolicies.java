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

    private AccessPolicies() {
    }

    /** A key issued, or a key's scopes set by a change, with {@code scopes}: the caller holds their built-in ones. */
    public static void requireMayGrant(Caller caller, Scopes scopes) {
        require(caller, scopes.values(), "granting these scopes");
    }

    /** A key changed, rotated or revoked: the caller holds every built-in scope the key holds. */
    public static void requireMayManage(Caller caller, ApiKey key) {
        require(caller, key.scopes().values(), "changing key " + key.id().value());
    }

    /**
     * A user changed, disabled, re-enabled or deleted, which stops or restarts every key it owns: the caller holds every
     * built-in scope of {@code ownedKeys}, the user's keys that are not revoked. So a key that is not {@code admin}
     * can never lock out an admin key, nor bring one back.
     */
    public static void requireMayManageOwnerOf(Caller caller, Collection<ApiKey> ownedKeys) {
        Set<Scope> needed = new TreeSet<>();
        ownedKeys.stream().filter(key -> !key.isRevoked()).forEach(key -> needed.addAll(key.scopes().values()));
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
        require(caller, Set.of(Scope.ADMIN), "issuing a honeytoken");
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
