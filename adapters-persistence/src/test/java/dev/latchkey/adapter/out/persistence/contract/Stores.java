package dev.latchkey.adapter.out.persistence.contract;

import dev.latchkey.application.port.out.ApiKeys;
import dev.latchkey.application.port.out.Users;
import dev.latchkey.application.port.out.VerifiableKeys;

/** One implementation's out-ports, empty, for a contract test. */
public record Stores(Users users, ApiKeys apiKeys, VerifiableKeys verifiableKeys) {
}
