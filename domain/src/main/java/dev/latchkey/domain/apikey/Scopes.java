package dev.latchkey.domain.apikey;

import dev.latchkey.domain.InvalidValueException;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The set of scopes a key holds (at most {@value #MAX_SCOPES}); {@code admin} implies every built-in scope. */
public record Scopes(SortedSet<Scope> values) {

    public static final int MAX_SCOPES = 50;
    /** The scopes Latchkey itself checks; {@code admin} grants them all. */
    public static final Set<Scope> BUILT_IN = Set.of(Scope.ADMIN, Scope.USERS_READ, Scope.USERS_WRITE,
            Scope.KEYS_READ, Scope.KEYS_WRITE, Scope.KEYS_VERIFY, Scope.AUDIT_READ, Scope.ME_ROTATE);

    public Scopes {
        if (values.size() > MAX_SCOPES) {
            throw new InvalidValueException("scopes", "a key holds at most " + MAX_SCOPES + " scopes");
        }
        values = Collections.unmodifiableSortedSet(new TreeSet<>(values));
    }

    public static Scopes of(Collection<Scope> scopes) {
        return new Scopes(new TreeSet<>(scopes));
    }

    /** Parses scope names, rejecting any that is malformed. */
    public static Scopes parse(Collection<String> names) {
        return of(names.stream().map(Scope::new).toList());
    }

    public static Scopes none() {
        return new Scopes(new TreeSet<>());
    }

    /** The scopes this set grants: its own, plus every built-in scope when it holds {@code admin}. */
    public Set<Scope> granted() {
        if (!values.contains(Scope.ADMIN)) {
            return values;
        }
        SortedSet<Scope> granted = new TreeSet<>(values);
        granted.addAll(BUILT_IN);
        return Collections.unmodifiableSortedSet(granted);
    }

    /** Whether every scope in {@code required} is granted. */
    public boolean grantsAll(Collection<Scope> required) {
        Set<Scope> granted = granted();
        return granted.containsAll(required);
    }

    /** The names, sorted. */
    public Set<String> names() {
        return values.stream().map(Scope::value).collect(Collectors.toCollection(TreeSet::new));
    }
}
