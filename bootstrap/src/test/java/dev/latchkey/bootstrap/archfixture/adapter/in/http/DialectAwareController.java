package dev.latchkey.bootstrap.archfixture.adapter.in.http;

import io.micronaut.data.model.query.builder.sql.Dialect;

/** Breaks the database rule: an inbound adapter that knows which SQL the store speaks. */
class DialectAwareController {

    Dialect dialect = Dialect.POSTGRES;
}
