package io.log2.agents.awsusage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The configuration of one resource as an inventory call returned it: its CloudFormation-style type
 * ({@code AWS::S3::Bucket}, {@code AWS::EC2::Volume}, {@code AWS::EC2::Instance}, {@code AWS::RDS::DBInstance}),
 * whether it is reachable publicly, whether it is encrypted (null where that does not apply), and its tags.
 */
public record ResourceState(@JsonProperty(required = true) String resourceType,
                            @JsonProperty(required = true) String resource,
                            String region,
                            Boolean publicAccess,
                            Boolean encrypted,
                            Map<String, String> tags) {
}
