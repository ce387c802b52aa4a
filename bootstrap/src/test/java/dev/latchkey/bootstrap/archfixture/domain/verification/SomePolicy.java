package dev.latchkey.bootstrap.archfixture.domain.verification;

/** A domain service that breaks nothing, so that the onion rule fails only for the real violations. */
public class SomePolicy {
}
