package dev.latchkey.application.service.paging;

import dev.latchkey.application.port.in.paging.Page;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Builds a page from a store read of {@code limit + 1} items: the extra item proves a next page exists. */
public final class Pages {

    private Pages() {
    }

    public static <T> Page<T> of(List<T> limitPlusOne, int limit, Function<T, String> cursorOfLast) {
        if (limitPlusOne.size() <= limit) {
            return new Page<>(limitPlusOne, Optional.empty());
        }
        List<T> items = limitPlusOne.subList(0, limit);
        return new Page<>(items, Optional.of(cursorOfLast.apply(items.get(limit - 1))));
    }
}
