package io.log2.agents.awsusage.imports;

/**
 * What a {@code timestamp,value} series measures, which the file itself does not say: for example
 * {@code AWS/EC2}, {@code CPUUtilization}, {@code i-0abc}.
 */
public record MetricSeriesTarget(String namespace, String metric, String resource) {
}
