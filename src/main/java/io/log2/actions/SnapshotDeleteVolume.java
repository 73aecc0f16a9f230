package io.log2.actions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Volume;

/**
 * Snapshots an unattached EBS volume, waits for the snapshot to complete, then deletes the volume; the undo creates
 * a volume from that snapshot in the same availability zone with the same type, size and tags. A volume that is
 * attached or in use is refused, and the volume is deleted only once its snapshot is {@code completed}: a failure
 * before that leaves the volume as it was, a refused DeleteVolume leaves both the volume and the snapshot.
 * IAM: ec2:DescribeVolumes, ec2:CreateSnapshot, ec2:DescribeSnapshots, ec2:CreateTags, ec2:DeleteVolume, ec2:CreateVolume.
 */
@ApplicationScoped
public class SnapshotDeleteVolume implements Action {

    /** The tag the snapshot carries, naming the volume it keeps: verify and undo find the snapshot by it. */
    static final String SNAPSHOT_OF = "log2:snapshot-of";
    /** The tag naming the action that took the snapshot, by which a later look finds it. */
    static final String ACTION = "log2:action";
    private static final Duration SNAPSHOT_TIMEOUT = Duration.ofHours(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the undo needs to make the volume again, read by the dry run. */
    record Shape(String availabilityZone, String type, int size, Integer iops, Integer throughput, Map<String, String> tags) {
    }

    @Override
    public String name() {
        return "snapshot-delete-volume";
    }

    @Override
    public Plan dryRun(Target target, AwsCalls aws) {
        Volume volume = unattached(target, aws);
        Shape shape = shape(volume);
        String what = shape.type() + ", " + shape.size() + " GiB, " + shape.availabilityZone();
        String diff = "+ snapshot of " + target.resource() + " (" + what + ")\n- " + target.resource() + " (" + what
                + (shape.tags().isEmpty() ? "" : ", tags " + shape.tags()) + ")";
        try {
            return new Plan(diff, JSON.writeValueAsString(shape));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Takes the snapshot, then deletes the volume once the snapshot is {@code completed}. A snapshot takes minutes to
     * hours and AWS offers nothing to wait on: while it is pending the step ends waiting ({@link ActionWaitingException})
     * and is taken again later, finding its snapshot by the action's tag instead of taking another.
     */
    @Override
    public void execute(Target target, Plan plan, AwsCalls aws) {
        Optional<Snapshot> started = started(target, aws);
        String snapshot;
        if (started.isEmpty()) {
            // read again: the volume may have been attached between the dry run and the approval
            Volume volume = unattached(target, aws);
            List<Tag> tags = userTags(volume.tags());
            tags.add(Tag.builder().key(SNAPSHOT_OF).value(target.resource()).build());
            if (target.actionId() != null) {
                tags.add(Tag.builder().key(ACTION).value(String.valueOf(target.actionId())).build());
            }
            snapshot = aws.call("CreateSnapshot", () -> aws.ec2().createSnapshot(r -> r.volumeId(target.resource())
                    .description("Log2 snapshot-delete-volume of " + target.resource())
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SNAPSHOT).tags(tags).build())))
                    .snapshotId();
        } else {
            snapshot = started.get().snapshotId();
        }
        awaitCompleted(snapshot, target, aws);
        // read again before deleting: the volume may have been attached while the snapshot was taken
        unattached(target, aws);
        try {
            aws.call("DeleteVolume", () -> aws.ec2().deleteVolume(r -> r.volumeId(target.resource())));
        } catch (ActionFailedException e) {
            throw new ActionFailedException(e.getMessage() + "; snapshot " + snapshot + " is kept and volume "
                    + target.resource() + " was not deleted", e.getCause());
        }
    }

    /** The snapshot this action took on an earlier look, if it is taking up its wait. */
    private static Optional<Snapshot> started(Target target, AwsCalls aws) {
        if (target.actionId() == null) {
            return Optional.empty();
        }
        return aws.call("DescribeSnapshots", () -> aws.ec2().describeSnapshots(r -> r.ownerIds("self").filters(
                        Filter.builder().name("volume-id").values(target.resource()).build(),
                        Filter.builder().name("tag:" + ACTION).values(String.valueOf(target.actionId())).build())))
                .snapshots().stream().findFirst();
    }

    /** The volume is gone, or on its way: AWS answers DeleteVolume at once and lists the volume as deleting a while. */
    @Override
    public boolean verify(Target target, Plan plan, AwsCalls aws) {
        return live(target, aws).isEmpty() && snapshot(target, aws).isPresent();
    }

    @Override
    public void undo(Target target, Plan plan, AwsCalls aws) {
        // the volume is still there (its deletion failed or was never reached): there is nothing to restore
        if (live(target, aws).isPresent()) {
            return;
        }
        Snapshot snapshot = snapshot(target, aws).orElseThrow(() -> new ActionFailedException(
                "DescribeSnapshots: no completed snapshot tagged " + SNAPSHOT_OF + "=" + target.resource(), null));
        Shape shape;
        try {
            shape = JSON.readValue(plan.previous(), Shape.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the dry run of " + target.resource() + " kept no volume shape", e);
        }
        List<Tag> tags = userTags(shape.tags().entrySet().stream()
                .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList());
        aws.call("CreateVolume", () -> aws.ec2().createVolume(r -> {
            r.snapshotId(snapshot.snapshotId()).availabilityZone(shape.availabilityZone()).volumeType(shape.type())
                    .size(shape.size()).iops(shape.iops()).throughput(shape.throughput());
            if (!tags.isEmpty()) {
                r.tagSpecifications(TagSpecification.builder().resourceType(ResourceType.VOLUME).tags(tags).build());
            }
        }));
    }

    /**
     * Reads the snapshot: completed, or waiting (taken again later) while pending; an error, or pending longer than
     * two hours since AWS started it, fails the action with the volume kept.
     */
    private static void awaitCompleted(String snapshotId, Target target, AwsCalls aws) {
        Snapshot snapshot = aws.call("DescribeSnapshots", () -> aws.ec2().describeSnapshots(r -> r.snapshotIds(snapshotId)))
                .snapshots().stream().findFirst()
                .orElseThrow(() -> new ActionFailedException("DescribeSnapshots: no snapshot " + snapshotId, null));
        if (snapshot.state() == SnapshotState.COMPLETED) {
            return;
        }
        boolean late = snapshot.startTime() != null && snapshot.startTime().plus(SNAPSHOT_TIMEOUT).isBefore(Instant.now());
        if (snapshot.state() == SnapshotState.ERROR || late) {
            throw new ActionFailedException("snapshot " + snapshotId + " is " + snapshot.stateAsString()
                    + (snapshot.stateMessage() == null ? "" : " (" + snapshot.stateMessage() + ")")
                    + (snapshot.state() != SnapshotState.ERROR ? " after " + SNAPSHOT_TIMEOUT.toHours() + " hours" : "")
                    + "; volume " + target.resource() + " was not deleted", null);
        }
        throw new ActionWaitingException("snapshot " + snapshotId + " of " + target.resource() + " is "
                + snapshot.stateAsString() + (snapshot.progress() == null ? "" : " (" + snapshot.progress() + ")")
                + "; the volume is deleted once it is completed");
    }

    /** The volume, refused when it is attached or in use (an attached volume is somebody's disk). */
    private static Volume unattached(Target target, AwsCalls aws) {
        Volume volume = volume(target, aws).orElseThrow(() -> new ActionFailedException(
                "DescribeVolumes: no volume " + target.resource(), null));
        if (!volume.attachments().isEmpty() || !"available".equals(volume.stateAsString())) {
            String to = volume.attachments().stream().map(a -> a.instanceId()).collect(Collectors.joining(", "));
            throw new ActionFailedException("refused: " + target.resource() + " is " + volume.stateAsString()
                    + (to.isEmpty() ? "" : ", attached to " + to) + "; nothing was changed", null);
        }
        return volume;
    }

    /** The volume, or empty once AWS answers InvalidVolume.NotFound. */
    /** The volume unless it is being deleted or is deleted. */
    private static Optional<Volume> live(Target target, AwsCalls aws) {
        return volume(target, aws).filter(v -> !"deleting".equals(v.stateAsString()) && !"deleted".equals(v.stateAsString()));
    }

    private static Optional<Volume> volume(Target target, AwsCalls aws) {
        try {
            return aws.call("DescribeVolumes", () -> aws.ec2().describeVolumes(r -> r.volumeIds(target.resource())))
                    .volumes().stream().findFirst();
        } catch (ActionFailedException e) {
            if ("InvalidVolume.NotFound".equals(e.awsErrorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The newest completed snapshot this action made of the volume. */
    private static Optional<Snapshot> snapshot(Target target, AwsCalls aws) {
        return aws.call("DescribeSnapshots", () -> aws.ec2().describeSnapshots(r -> r.ownerIds("self").filters(
                        Filter.builder().name("volume-id").values(target.resource()).build(),
                        Filter.builder().name("tag:" + SNAPSHOT_OF).values(target.resource()).build())))
                .snapshots().stream().filter(s -> s.state() == SnapshotState.COMPLETED)
                .max(Comparator.comparing(Snapshot::startTime, Comparator.nullsFirst(Comparator.naturalOrder())));
    }

    private static Shape shape(Volume volume) {
        Map<String, String> tags = new TreeMap<>();
        volume.tags().forEach(t -> tags.put(t.key(), t.value()));
        return new Shape(volume.availabilityZone(), volume.volumeTypeAsString(), volume.size(), provisionedIops(volume),
                "gp3".equals(volume.volumeTypeAsString()) ? volume.throughput() : null, tags);
    }

    /** IOPS only where they are chosen (io1, io2, gp3); CreateVolume refuses them for the other types. */
    private static Integer provisionedIops(Volume volume) {
        return List.of("io1", "io2", "gp3").contains(volume.volumeTypeAsString()) ? volume.iops() : null;
    }

    /** Tags a user may write: AWS keeps the {@code aws:} prefix for itself. */
    private static List<Tag> userTags(List<Tag> tags) {
        return tags.stream().filter(t -> !t.key().startsWith("aws:"))
                .map(t -> Tag.builder().key(t.key()).value(t.value()).build())
                .collect(Collectors.toCollection(java.util.ArrayList::new));
    }
}
