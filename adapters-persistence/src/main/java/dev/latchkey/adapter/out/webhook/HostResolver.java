package dev.latchkey.adapter.out.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Turns a receiver's host name into its addresses: the system's resolver, unless a test gives another. */
interface HostResolver {

    /** Every address {@code host} resolves to now; {@code UnknownHostException} when it resolves to none. */
    InetAddress[] resolve(String host) throws UnknownHostException;
}
