package dev.latchkey.application.port.in.paging;

import java.util.List;
import java.util.Optional;

/** One page of a listing and the cursor of the next page, absent on the last one. */
public record Page<T>(List<T> items, Optional<String> nextCursor) {

    public Page {
        items = List.copyOf(items);
    }
}
