package dev.latchkey.domain.apikey;

/** Which alerts a key raises: {@code newNetwork}, {@code key.new_network} when used from a new client network. */
public record KeyAlerts(boolean newNetwork) {

    /** Every alert on: what a key has unless told otherwise. */
    public static final KeyAlerts DEFAULT = new KeyAlerts(true);
}
