package dev.latchkey.bootstrap.archfixture.adapter.out.persistence.memory;

import com.github.benmanes.caffeine.cache.Cache;

/** Breaks the store rule: a store that caches (the verification cache's work) inside itself. */
class CaffeinatedStore {

    Cache<String, String> rows;
}
