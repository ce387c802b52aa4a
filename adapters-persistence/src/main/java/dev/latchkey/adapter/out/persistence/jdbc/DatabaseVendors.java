package dev.latchkey.adapter.out.persistence.jdbc;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/** The {@link DatabaseVendor} of the configured URL, for the statements that differ. */
@Factory
final class DatabaseVendors {

    @Singleton
    DatabaseVendor databaseVendor(@Property(name = DatabaseVendor.URL_PROPERTY) @Nullable String url) {
        return DatabaseVendor.ofUrl(url);
    }
}
