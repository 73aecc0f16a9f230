package io.log2.agents.terraform;

/**
 * One source range an ingress rule of a planned security group opens, from an {@code aws_security_group}'s
 * {@code ingress} blocks, an {@code aws_security_group_rule} of type {@code ingress} or an
 * {@code aws_vpc_security_group_ingress_rule}. {@code resource} is the address of the resource that holds it.
 * {@code protocol} is {@code tcp}, {@code udp}, {@code icmp} or {@code all} (Terraform's {@code -1}); a rule for all
 * protocols opens ports 0 to 65535. When the plan cannot know the ranges before apply, {@code unknown} is true and
 * {@code cidr} is null.
 */
public record IngressRule(String plan, String resource, String type, String action, String protocol, Integer fromPort,
                          Integer toPort, String cidr, boolean unknown) {
}
