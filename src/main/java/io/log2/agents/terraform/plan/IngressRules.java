package io.log2.agents.terraform.plan;

import io.log2.agents.terraform.IngressRule;
import io.log2.agents.terraform.ResourceChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The source ranges that the security groups and rules of a change open, one {@link IngressRule} per range, for
 * changes that leave the resource in place (created, updated or replaced).
 */
final class IngressRules {

    private IngressRules() {
    }

    static List<IngressRule> of(ResourceChange c) {
        if (c.after() == null || !List.of(ResourceChange.CREATE, ResourceChange.UPDATE, ResourceChange.REPLACE).contains(c.action())) {
            return List.of();
        }
        List<IngressRule> rules = new ArrayList<>();
        switch (c.type()) {
            case "aws_security_group" -> {
                if (c.unknown().contains("ingress")) {
                    rules.add(unknown(c));
                } else if (c.after().get("ingress") instanceof List<?> blocks) {
                    for (int i = 0; i < blocks.size(); i++) {
                        if (blocks.get(i) instanceof Map<?, ?> block) {
                            String prefix = "ingress[" + i + "].";
                            rules.addAll(ranges(c, block, "protocol", List.of("cidr_blocks", "ipv6_cidr_blocks"), prefix));
                        }
                    }
                }
            }
            case "aws_security_group_rule" -> {
                if ("ingress".equals(c.after().get("type"))) {
                    rules.addAll(ranges(c, c.after(), "protocol", List.of("cidr_blocks", "ipv6_cidr_blocks"), ""));
                }
            }
            case "aws_vpc_security_group_ingress_rule" ->
                    rules.addAll(ranges(c, c.after(), "ip_protocol", List.of("cidr_ipv4", "cidr_ipv6"), ""));
            default -> {
            }
        }
        return rules;
    }

    private static List<IngressRule> ranges(ResourceChange c, Map<?, ?> block, String protocolKey, List<String> rangeKeys,
                                            String prefix) {
        if (rangeKeys.stream().anyMatch(k -> unknownUnder(c, prefix + k))) {
            return List.of(unknown(c));
        }
        String protocol = protocol(block.get(protocolKey));
        boolean all = "all".equals(protocol);
        Integer from = all ? Integer.valueOf(0) : port(block.get("from_port"));
        Integer to = all ? Integer.valueOf(65535) : port(block.get("to_port"));
        List<IngressRule> rules = new ArrayList<>();
        for (String key : rangeKeys) {
            Object value = block.get(key);
            List<?> cidrs = value instanceof List<?> l ? l : value instanceof String s ? List.of(s) : List.of();
            for (Object cidr : cidrs) {
                if (cidr instanceof String s) {
                    rules.add(new IngressRule(c.plan(), c.resource(), c.type(), c.action(), protocol, from, to, s, false));
                }
            }
        }
        return rules;
    }

    private static boolean unknownUnder(ResourceChange c, String path) {
        return c.unknown().stream().anyMatch(p -> p.equals(path) || p.startsWith(path + "[") || p.startsWith(path + "."));
    }

    private static IngressRule unknown(ResourceChange c) {
        return new IngressRule(c.plan(), c.resource(), c.type(), c.action(), null, null, null, null, true);
    }

    /** Terraform's protocols by name: {@code -1} and {@code all} are every protocol, 6 is tcp, 17 udp, 1 icmp. */
    static String protocol(Object value) {
        String p = value == null ? "all" : value.toString().toLowerCase(Locale.ROOT);
        return switch (p) {
            case "-1", "all" -> "all";
            case "6" -> "tcp";
            case "17" -> "udp";
            case "1" -> "icmp";
            default -> p;
        };
    }

    private static Integer port(Object value) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        try {
            return value == null ? null : Integer.valueOf(value.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
