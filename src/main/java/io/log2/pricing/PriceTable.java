package io.log2.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The bundled, dated price table ({@code savings/aws-prices.json}): on-demand rates in USD for common EC2 instance
 * types (Linux, per hour), EBS volume types (per GB-month; io1 also per provisioned IOPS-month), public IPv4
 * addresses (per hour) and RDS instance classes (Single-AZ, per hour, by engine) in the main regions, and the
 * discount assumed for a Savings Plan. The file says where its figures come from and when. A type or region the
 * table does not hold has no price (empty), never a guess.
 */
public final class PriceTable {

    public static final String RESOURCE = "/savings/aws-prices.json";

    private final JsonNode root;

    private PriceTable(JsonNode root) {
        this.root = root;
    }

    /** The table shipped with the service. */
    public static PriceTable bundled() {
        try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the price table " + RESOURCE + " is missing from the build");
            }
            return new PriceTable(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public LocalDate asOf() {
        return LocalDate.parse(root.path("asOf").asText());
    }

    public String source() {
        return root.path("source").asText();
    }

    public double hoursPerMonth() {
        return root.path("hoursPerMonth").asDouble(730);
    }

    /** The assumed Savings Plan discount over on-demand, as a fraction (0.25 is 25%). */
    public double savingsPlanDiscount() {
        return root.path("savingsPlan").path("discount").asDouble();
    }

    public String savingsPlanSource() {
        return root.path("savingsPlan").path("source").asText();
    }

    /** On-demand Linux hourly rate of an EC2 instance type. */
    public OptionalDouble ec2Hourly(String region, String instanceType) {
        return number(region(region).path("ec2").path(lower(instanceType)));
    }

    /** Storage per GB-month of an EBS volume type (gp2, gp3, io1, st1, sc1, standard). */
    public OptionalDouble ebsGbMonth(String region, String volumeType) {
        return number(region(region).path("ebs").path(lower(volumeType)));
    }

    /** io1 provisioned IOPS per IOPS-month. */
    public OptionalDouble io1IopsMonth(String region) {
        return number(region(region).path("io1IopsMonth"));
    }

    /** A public IPv4 address (an Elastic IP among them), per hour. */
    public OptionalDouble ipv4Hourly(String region) {
        return number(region(region).path("ipv4Hour"));
    }

    /**
     * Single-AZ hourly rate of an RDS instance class for an engine as DescribeDBInstances names it; MariaDB is priced
     * as MySQL (AWS lists the same rates).
     */
    public OptionalDouble rdsHourly(String region, String engine, String instanceClass) {
        String e = lower(engine);
        String table = e.equals("mariadb") ? "mysql" : e;
        return number(region(region).path("rds").path(table).path(lower(instanceClass)));
    }

    /** A monthly figure from an hourly rate. */
    public double monthly(double hourly) {
        return hourly * hoursPerMonth();
    }

    private JsonNode region(String region) {
        return root.path("regions").path(lower(region));
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    private static OptionalDouble number(JsonNode node) {
        return node.isNumber() ? OptionalDouble.of(node.asDouble()) : OptionalDouble.empty();
    }
}
