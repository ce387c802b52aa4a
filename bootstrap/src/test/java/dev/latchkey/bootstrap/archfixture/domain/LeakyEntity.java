package dev.latchkey.bootstrap.archfixture.domain;

import dev.latchkey.bootstrap.archfixture.application.port.in.SomeUseCase;

/** Breaks the domain rules: it knows a framework and an outer layer. */
public class LeakyEntity {

    public io.micronaut.context.ApplicationContext context;
    public SomeUseCase useCase;
}
