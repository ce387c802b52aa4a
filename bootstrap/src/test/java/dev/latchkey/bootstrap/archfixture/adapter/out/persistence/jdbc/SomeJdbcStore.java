package dev.latchkey.bootstrap.archfixture.adapter.out.persistence.jdbc;

/** A store. */
public class SomeJdbcStore {
}
