package io.log2.security;

/** A user was added, changed or removed; fired inside the transaction that did it. */
public record UserChanged(String username) {
}
