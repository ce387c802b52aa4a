package dev.latchkey.bootstrap.archfixture.application.port.out;

/** An out-port, as the application layer has them. */
public interface SomeStore {

    void save();
}
