package io.log2.actions;

/**
 * A dry run's result: {@code diff} shows what would change ("- before" and "+ after" lines); {@code previous}
 * keeps what the undo needs to restore, in the action's own words (for example the earlier public access block).
 */
public record Plan(String diff, String previous) {
}
