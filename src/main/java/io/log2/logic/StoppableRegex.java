package io.log2.logic;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The regular-expression methods of {@code String} for rule code, stoppable like the rest of it. A pattern can take
 * exponential time on a short text ({@code "(.*a){20}"}) inside the JDK, where no run guard is checked; these do the
 * same as {@code String}'s own methods over a text that checks the {@link RunGuard} on every character the matcher
 * reads. Calls to {@code String.matches}, {@code replaceAll}, {@code replaceFirst} and {@code split} in compiled rule
 * code are pointed here when the rule set compiles.
 */
public final class StoppableRegex {

    private StoppableRegex() {
    }

    public static boolean matches(String text, String regex) {
        return Pattern.compile(regex).matcher(guarded(text)).matches();
    }

    public static String replaceAll(String text, String regex, String replacement) {
        return Pattern.compile(regex).matcher(guarded(text)).replaceAll(replacement);
    }

    public static String replaceFirst(String text, String regex, String replacement) {
        return Pattern.compile(regex).matcher(guarded(text)).replaceFirst(replacement);
    }

    public static String[] split(String text, String regex) {
        return split(text, regex, 0);
    }

    public static String[] split(String text, String regex, int limit) {
        return Pattern.compile(regex).split(guarded(text), limit);
    }

    private static CharSequence guarded(String text) {
        return new Guarded(Objects.requireNonNull(text));
    }

    /** A text that checks the run guard whenever a character is read. */
    private record Guarded(String text) implements CharSequence {

        @Override
        public char charAt(int index) {
            RunGuard.check();
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.substring(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
