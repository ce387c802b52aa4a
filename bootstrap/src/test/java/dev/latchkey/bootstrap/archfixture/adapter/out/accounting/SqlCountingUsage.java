package dev.latchkey.bootstrap.archfixture.adapter.out.accounting;

import javax.sql.DataSource;

/** Breaks the role rule: usage counting that writes to the database itself instead of through a store. */
class SqlCountingUsage {

    DataSource database;
}
