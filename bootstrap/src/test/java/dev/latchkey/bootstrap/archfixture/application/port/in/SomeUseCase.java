package dev.latchkey.bootstrap.archfixture.application.port.in;

/** A port, as the application layer has them. */
public interface SomeUseCase {

    void run();
}
