/**
 * Use-case tests: the application services over the in-memory adapter, with a clock the tests move.
 * They live here, beside the in-memory adapter, because Maven forbids the application module from
 * depending (even for tests) on an adapter that depends on it.
 */
package dev.latchkey.application.service;
