package dev.latchkey.bootstrap.archfixture.adapter.out.persistence;

/** An outbound adapter. */
public class SomeRepository {
}
