package dev.latchkey.bootstrap.archfixture.application.service;

import io.lettuce.core.RedisClient;

/** Breaks the Redis rule: a Redis client outside the redis adapter. */
public class SharingService implements dev.latchkey.bootstrap.archfixture.application.port.in.SomeUseCase {

    public RedisClient redis;

    @Override
    public void run() {
    }
}
