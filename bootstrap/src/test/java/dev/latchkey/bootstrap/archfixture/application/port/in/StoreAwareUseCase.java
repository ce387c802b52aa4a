package dev.latchkey.bootstrap.archfixture.application.port.in;

import dev.latchkey.bootstrap.archfixture.application.port.out.SomeStore;

/** Breaks the rule that in- and out-ports stay apart: a use case that hands out a store. */
public interface StoreAwareUseCase {

    SomeStore store();
}
