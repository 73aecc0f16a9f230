package io.log2.logs.retention;

/**
 * One batch of expired rows, told to observers (CDI event) before its transaction commits: the table and how many rows
 * the batch removed from it.
 */
public record ExpiryBatch(String table, int rows) {
}
