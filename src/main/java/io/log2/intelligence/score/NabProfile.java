package io.log2.intelligence.score;

import java.util.List;
import java.util.Locale;

/**
 * The weights of one NAB scoring profile: what an early detection of a window earns ({@code tp}), what a false alarm
 * far from any window costs ({@code fp}) and what a missed window costs ({@code fn}).
 */
public record NabProfile(String name, double tp, double fp, double fn) {

    public static final NabProfile STANDARD = new NabProfile("standard", 1, 0.11, 1);
    public static final NabProfile REWARD_LOW_FP = new NabProfile("reward_low_FP_rate", 1, 0.22, 1);
    public static final NabProfile REWARD_LOW_FN = new NabProfile("reward_low_FN_rate", 1, 0.11, 2);

    public static final List<NabProfile> ALL = List.of(STANDARD, REWARD_LOW_FP, REWARD_LOW_FN);

    /** The profile of that name, as {@code profiles.json} names them. */
    public static NabProfile named(String name) {
        return ALL.stream().filter(p -> p.name.equalsIgnoreCase(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException(String.format(Locale.ROOT, "no NAB profile '%s' (standard, reward_low_FP_rate, reward_low_FN_rate)", name)));
    }
}
