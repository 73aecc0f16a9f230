package io.log2.actions;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;

/**
 * Turns on all four settings of an S3 bucket's public access block; the undo puts back exactly the configuration
 * the dry run read, or deletes the block when the bucket had none.
 * IAM: s3:GetBucketPublicAccessBlock, s3:PutBucketPublicAccessBlock (the undo's DeletePublicAccessBlock needs it too).
 */
@ApplicationScoped
public class BlockPublicAccess implements Action {

    /** {@code previous} of a bucket that had no public access block. */
    static final String NONE = "none";
    private static final String NO_CONFIGURATION = "NoSuchPublicAccessBlockConfiguration";
    private static final PublicAccessBlockConfiguration ALL = PublicAccessBlockConfiguration.builder()
            .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true).build();

    @Override
    public String name() {
        return "block-public-access";
    }

    @Override
    public Plan dryRun(Target target, AwsCalls aws) {
        Optional<PublicAccessBlockConfiguration> now = read(target, aws);
        Map<String, Boolean> before = settings(now.orElse(null));
        StringBuilder diff = new StringBuilder();
        if (now.isEmpty()) {
            diff.append("- ").append(target.resource()).append(" public access block: none");
        }
        before.forEach((setting, value) -> {
            if (!Boolean.TRUE.equals(value)) {
                diff.append(diff.isEmpty() ? "" : "\n").append(now.isEmpty() ? "" : "- " + target.resource() + " "
                        + setting + ": " + value + "\n").append("+ ").append(target.resource()).append(' ')
                        .append(setting).append(": true");
            }
        });
        return new Plan(diff.isEmpty() ? "no change: " + target.resource() + " blocks all public access" : diff.toString(),
                now.map(BlockPublicAccess::format).orElse(NONE));
    }

    @Override
    public void execute(Target target, Plan plan, AwsCalls aws) {
        aws.call("PutPublicAccessBlock", () -> aws.s3().putPublicAccessBlock(r -> r.bucket(target.resource())
                .publicAccessBlockConfiguration(ALL)));
    }

    @Override
    public boolean verify(Target target, Plan plan, AwsCalls aws) {
        return read(target, aws).map(ALL::equals).orElse(false);
    }

    @Override
    public void undo(Target target, Plan plan, AwsCalls aws) {
        if (NONE.equals(plan.previous())) {
            aws.call("DeletePublicAccessBlock", () -> aws.s3().deletePublicAccessBlock(r -> r.bucket(target.resource())));
            return;
        }
        PublicAccessBlockConfiguration previous = parse(plan.previous());
        aws.call("PutPublicAccessBlock", () -> aws.s3().putPublicAccessBlock(r -> r.bucket(target.resource())
                .publicAccessBlockConfiguration(previous)));
    }

    /** The bucket's configuration, empty when S3 answers NoSuchPublicAccessBlockConfiguration. */
    private static Optional<PublicAccessBlockConfiguration> read(Target target, AwsCalls aws) {
        try {
            return Optional.of(aws.call("GetPublicAccessBlock", () -> aws.s3().getPublicAccessBlock(r -> r.bucket(target.resource())))
                    .publicAccessBlockConfiguration());
        } catch (ActionFailedException e) {
            if (NO_CONFIGURATION.equals(e.awsErrorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The four settings in S3's names and order; a setting the configuration leaves out is null. */
    private static Map<String, Boolean> settings(PublicAccessBlockConfiguration c) {
        Map<String, Boolean> s = new LinkedHashMap<>();
        s.put("BlockPublicAcls", c == null ? null : c.blockPublicAcls());
        s.put("IgnorePublicAcls", c == null ? null : c.ignorePublicAcls());
        s.put("BlockPublicPolicy", c == null ? null : c.blockPublicPolicy());
        s.put("RestrictPublicBuckets", c == null ? null : c.restrictPublicBuckets());
        return s;
    }

    static String format(PublicAccessBlockConfiguration c) {
        return settings(c).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    static PublicAccessBlockConfiguration parse(String previous) {
        Map<String, Boolean> s = new LinkedHashMap<>();
        for (String pair : previous.split(",")) {
            String[] kv = pair.split("=", 2);
            s.put(kv[0], "null".equals(kv[1]) ? null : Boolean.valueOf(kv[1]));
        }
        return PublicAccessBlockConfiguration.builder().blockPublicAcls(s.get("BlockPublicAcls"))
                .ignorePublicAcls(s.get("IgnorePublicAcls")).blockPublicPolicy(s.get("BlockPublicPolicy"))
                .restrictPublicBuckets(s.get("RestrictPublicBuckets")).build();
    }
}
