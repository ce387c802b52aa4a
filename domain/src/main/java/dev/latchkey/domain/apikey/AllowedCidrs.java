package dev.latchkey.domain.apikey;

import dev.latchkey.domain.InvalidValueException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The client addresses a key may be used from: 1 to {@value #MAX_ENTRIES} IPv4 or IPv6 blocks, each kept once, in
 * the order given. A key without them may be used from anywhere.
 */
public record AllowedCidrs(List<Cidr> blocks) {

    public static final int MAX_ENTRIES = 32;
    static final String FIELD = "allowedCidrs";

    public AllowedCidrs {
        blocks = List.copyOf(new LinkedHashSet<>(blocks));
        if (blocks.isEmpty() || blocks.size() > MAX_ENTRIES) {
            throw new InvalidValueException(FIELD, FIELD + " must hold 1-" + MAX_ENTRIES + " addresses or blocks");
        }
    }

    /** Reads the texts of blocks ({@code 203.0.113.0/24}, {@code 2001:db8::/32}, a bare address). */
    public static AllowedCidrs parse(Collection<String> texts) {
        if (texts.size() > MAX_ENTRIES) {
            throw new InvalidValueException(FIELD, FIELD + " must hold 1-" + MAX_ENTRIES + " addresses or blocks");
        }
        return new AllowedCidrs(texts.stream().map(text -> Cidr.parse(text, FIELD)).toList());
    }

    /** Whether a client at {@code address} (an IP literal) may use the key; anything that is not an address may not. */
    public boolean allows(String address) {
        Optional<byte[]> client = Cidr.literal(address);
        return client.isPresent() && blocks.stream().anyMatch(block -> block.contains(client.get()));
    }

    /** The canonical texts, as stored and shown. */
    public List<String> texts() {
        return blocks.stream().map(Cidr::toString).toList();
    }
}
