package dev.latchkey.adapter.out.cache;

import dev.latchkey.domain.user.UserId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which cached keys each owner has, so that a change of an owner evicts its keys at a cost in their number, not in
 * the size of the cache. It holds the key texts the cache holds already, and is kept small: an owner with one cached
 * key costs one map entry, a few keys a small array, many a set. Not thread-safe: {@link VerificationCache} guards it.
 */
final class KeysByOwner {

    private static final int FIRST_ARRAY = 4;
    private static final int LARGEST_ARRAY = 16;

    // per owner: a String (one key), a String[] (free slots are null) or a Set<String>
    private final Map<UserId, Object> keys = new HashMap<>();

    void add(UserId owner, String key) {
        Object held = keys.get(owner);
        if (held == null) {
            keys.put(owner, key);
        } else if (held instanceof String one) {
            if (!one.equals(key)) {
                String[] few = new String[FIRST_ARRAY];
                few[0] = one;
                few[1] = key;
                keys.put(owner, few);
            }
        } else if (held instanceof String[] few) {
            addTo(owner, few, key);
        } else {
            set(held).add(key);
        }
    }

    private void addTo(UserId owner, String[] few, String key) {
        int free = -1;
        for (int i = 0; i < few.length; i++) {
            if (few[i] == null) {
                free = free < 0 ? i : free;
            } else if (few[i].equals(key)) {
                return;
            }
        }
        if (free >= 0) {
            few[free] = key;
        } else if (few.length < LARGEST_ARRAY) {
            String[] more = Arrays.copyOf(few, few.length * 2);
            more[few.length] = key;
            keys.put(owner, more);
        } else {
            Set<String> many = new HashSet<>(Arrays.asList(few));
            many.add(key);
            keys.put(owner, many);
        }
    }

    void remove(UserId owner, String key) {
        Object held = keys.get(owner);
        if (held instanceof String one) {
            if (one.equals(key)) {
                keys.remove(owner);
            }
        } else if (held instanceof String[] few) {
            boolean empty = true;
            for (int i = 0; i < few.length; i++) {
                if (key.equals(few[i])) {
                    few[i] = null;
                } else if (few[i] != null) {
                    empty = false;
                }
            }
            if (empty) {
                keys.remove(owner);
            }
        } else if (held != null) {
            Set<String> many = set(held);
            many.remove(key);
            if (many.isEmpty()) {
                keys.remove(owner);
            }
        }
    }

    /** A copy of the keys of {@code owner}. */
    List<String> of(UserId owner) {
        Object held = keys.get(owner);
        if (held == null) {
            return List.of();
        } else if (held instanceof String one) {
            return List.of(one);
        } else if (held instanceof String[] few) {
            return Arrays.stream(few).filter(key -> key != null).toList();
        }
        return List.copyOf(set(held));
    }

    /** How many owners have keys here. */
    int owners() {
        return keys.size();
    }

    @SuppressWarnings("unchecked")
    private static Set<String> set(Object held) {
        return (Set<String>) held;
    }
}
