package dev.latchkey.bootstrap.archfixture.application.service;

import dev.latchkey.bootstrap.archfixture.application.port.in.SomeUseCase;

/** Breaks the application rule: it depends on a framework type. */
public class FrameworkBoundService implements SomeUseCase {

    public io.micronaut.context.BeanContext context;

    @Override
    public void run() {
    }
}
