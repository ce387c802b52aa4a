package dev.latchkey.bootstrap.archfixture.application.service;

import com.github.benmanes.caffeine.cache.Cache;

/** Breaks the caching rule: a cache outside the cache adapter. */
public class CachingService implements dev.latchkey.bootstrap.archfixture.application.port.in.SomeUseCase {

    public Cache<String, String> cache;

    @Override
    public void run() {
    }
}
