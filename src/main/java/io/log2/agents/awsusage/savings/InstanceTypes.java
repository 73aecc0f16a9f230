package io.log2.agents.awsusage.savings;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What an EC2 instance type could become: one size down in the same family, or the current generation of a
 * previous-generation family.
 *
 * <p>Sizes, smallest first: nano, micro, small, medium, large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge,
 * 16xlarge, 24xlarge. One size down halves the vCPUs (in every family here from large up; burstable types halve
 * their baseline too), so an instance whose CPU stays at or below half of what is safe still fits.
 *
 * <p>Previous generation to current (same size): t2 → t3, m3 and m4 → m5, c3 and c4 → c5, r3 and r4 → r5,
 * i2 → i3. These are the families AWS lists as previous generation (aws.amazon.com/ec2/previous-generation)
 * mapped to the first current family of the same kind, whose on-demand rate is the same or lower.
 */
public final class InstanceTypes {

    static final List<String> SIZES = List.of("nano", "micro", "small", "medium", "large", "xlarge", "2xlarge",
            "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge");

    /** Previous-generation family to its current-generation successor. */
    public static final Map<String, String> PREVIOUS_GENERATION = Map.of(
            "t2", "t3", "m3", "m5", "m4", "m5", "c3", "c5", "c4", "c5", "r3", "r5", "r4", "r5", "i2", "i3");

    private InstanceTypes() {
    }

    /** The type one size smaller in the same family ({@code m5.xlarge} → {@code m5.large}); empty at the smallest. */
    public static Optional<String> oneSizeDown(String type) {
        String[] parts = split(type);
        if (parts == null) {
            return Optional.empty();
        }
        int i = SIZES.indexOf(parts[1]);
        return i <= 0 ? Optional.empty() : Optional.of(parts[0] + "." + SIZES.get(i - 1));
    }

    /** The current-generation type of the same size ({@code m4.large} → {@code m5.large}); empty when current. */
    public static Optional<String> currentGeneration(String type) {
        String[] parts = split(type);
        if (parts == null || !PREVIOUS_GENERATION.containsKey(parts[0])) {
            return Optional.empty();
        }
        return Optional.of(PREVIOUS_GENERATION.get(parts[0]) + "." + parts[1]);
    }

    private static String[] split(String type) {
        if (type == null) {
            return null;
        }
        String[] parts = type.toLowerCase(Locale.ROOT).split("\\.");
        return parts.length == 2 ? parts : null;
    }
}
