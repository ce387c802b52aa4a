package dev.latchkey.domain.access;

import dev.latchkey.domain.DomainException;
import dev.latchkey.domain.apikey.Scope;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** A caller asked to grant, change or remove a built-in scope it does not hold: nothing was changed. */
public final class InsufficientPrivilege extends DomainException {

    private final SortedSet<Scope> missing;

    InsufficientPrivilege(Set<Scope> missing, String what) {
        super(what + " needs a calling key that holds " + names(missing));
        this.missing = new TreeSet<>(missing);
    }

    /** The built-in scopes the caller would have needed, space-separated as in RFC 6750's {@code scope}. */
    public String missingScopes() {
        return names(missing);
    }

    private static String names(Set<Scope> scopes) {
        return new TreeSet<>(scopes).stream().map(Scope::value).collect(Collectors.joining(" "));
    }
}
