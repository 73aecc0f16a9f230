package io.log2.logs;

import java.util.List;

/** One page of a keyset-paged list: the items and the cursor of the next page, null on the last one. */
public record Page<T>(List<T> items, String next) {
}
