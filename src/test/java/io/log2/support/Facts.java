package io.log2.support;

import java.util.Arrays;
import java.util.stream.Collectors;

/** JSON bodies of runs. */
public final class Facts {

    private Facts() {
    }

    public static String ec2Cpu(String resource, double value) {
        return "{\"type\":\"MetricSample\",\"namespace\":\"AWS/EC2\",\"metric\":\"CPUUtilization\",\"resource\":\"" + resource
                + "\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"value\":" + value + "}";
    }

    public static String run(String... facts) {
        return "{\"facts\":[" + Arrays.stream(facts).collect(Collectors.joining(",")) + "]}";
    }
}
