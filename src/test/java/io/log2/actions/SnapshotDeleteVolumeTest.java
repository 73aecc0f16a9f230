package io.log2.actions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.logic.ActionRequest;
import io.log2.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * snapshot-delete-volume against a local EC2 endpoint seeded with volumes Cloud Custodian recorded: an unattached
 * volume is snapshotted, deleted once the snapshot is completed, and the undo makes it again from the snapshot; an
 * attached one is refused; a denied DeleteVolume keeps both the snapshot and the volume.
 */
@QuarkusTest
class SnapshotDeleteVolumeTest {

    static final String UNATTACHED = "test_ebs_modify_iops_percent_gp3.ec2.DescribeVolumes_1.json";
    static final String ATTACHED = "test_ebs_snapshot.ec2.DescribeVolumes_1.json";

    @Inject
    ActionService service;
    @Inject
    ActionClients clients;

    private ActionStub aws;
    private final String account = "acct-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void stub() throws IOException {
        aws = ActionStub.started(clients, service, "snapshot-delete-volume,,dev,,,,auto\n");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    private static String volumeId() {
        return "vol-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
    }

    private long raise(String volume, String environment) {
        return service.raise(new ActionRequest("snapshot-delete-volume", "run.1", 1, "unattached volume", "low", volume,
                account, Map.of("environment", environment)), "run-1", null);
    }

    @Test
    void anUnattachedVolumeIsSnapshottedDeletedAndTheUndoMakesItAgainFromTheSnapshot() {
        String id = volumeId();
        aws.recordedVolume(UNATTACHED, "vol-0b0d1b4c01088ed2c", id);
        ActionEntry done = service.get(raise(id, "dev"));
        assertEquals(ActionEntry.VERIFIED, done.state(), done.outcome());
        assertEquals("+ snapshot of " + id + " (gp3, 8 GiB, us-east-1a)\n- " + id
                + " (gp3, 8 GiB, us-east-1a, tags {Name=modify_iops_percent_test_volume})", done.diff());

        ActionStub.Request snap = aws.last("CreateSnapshot");
        assertEquals(id, snap.param("VolumeId"));
        assertEquals("snapshot", snap.param("TagSpecification.1.ResourceType"));
        assertEquals("Name", snap.param("TagSpecification.1.Tag.1.Key"));
        assertEquals("modify_iops_percent_test_volume", snap.param("TagSpecification.1.Tag.1.Value"));
        assertEquals("log2:snapshot-of", snap.param("TagSpecification.1.Tag.2.Key"));
        assertEquals(id, snap.param("TagSpecification.1.Tag.2.Value"));
        List<ActionStub.Snapshot> snapshots = aws.snapshotsOf(id);
        assertEquals(1, snapshots.size());
        String snapshot = snapshots.get(0).id();
        assertEquals(List.of("DescribeSnapshots"), aws.operations(snapshot), "execute waits for the snapshot by its id");
        assertEquals(snapshot, aws.requests(snapshot).get(0).param("SnapshotId.1"));
        assertEquals(List.of("DescribeVolumes", "DescribeSnapshots", "DescribeVolumes", "CreateSnapshot", "DescribeVolumes",
                "DeleteVolume", "DescribeVolumes", "DescribeSnapshots"), aws.operations(id),
                "dry run, no snapshot of this action yet, read again, snapshot, read again, delete, then verify reads back");
        assertEquals(id, aws.last("DeleteVolume").param("VolumeId"));
        assertNull(aws.volume(id), "the volume is deleted");
        AwsCall gone = done.awsCalls().stream().filter(c -> c.step().equals("verify") && c.operation().equals("DescribeVolumes"))
                .findFirst().orElseThrow();
        assertEquals("InvalidVolume.NotFound", gone.errorCode(), "verify reads the volume back and finds it gone");
        ActionStub.Request found = aws.last("DescribeSnapshots");
        assertEquals("self", found.param("Owner.1"));
        assertEquals("volume-id", found.param("Filter.1.Name"));
        assertEquals("tag:log2:snapshot-of", found.param("Filter.2.Name"));

        Api.admin().post("/api/actions/" + done.id() + "/undo").then().statusCode(200).body("state", equalTo("undone"));
        ActionStub.Request create = aws.last("CreateVolume");
        assertEquals(snapshot, create.param("SnapshotId"));
        assertEquals("us-east-1a", create.param("AvailabilityZone"));
        assertEquals("gp3", create.param("VolumeType"));
        assertEquals("8", create.param("Size"));
        assertEquals("3000", create.param("Iops"));
        assertEquals("125", create.param("Throughput"));
        assertEquals("volume", create.param("TagSpecification.1.ResourceType"));
        assertEquals("Name", create.param("TagSpecification.1.Tag.1.Key"));
        assertEquals(null, create.param("TagSpecification.1.Tag.2.Key"), "the snapshot's own tag is not copied to the volume");
        ActionStub.Volume restored = aws.volumes().values().stream().findFirst().orElseThrow();
        assertEquals(new ActionStub.Volume("us-east-1a", "gp3", 8, 3000, 125, "available", null,
                Map.of("Name", "modify_iops_percent_test_volume")), restored);
    }

    /**
     * A snapshot takes minutes to hours: the action ends its step waiting instead of holding a thread, a look while
     * the snapshot is pending takes no second one, and the look after it completed deletes the volume.
     */
    @Test
    void aPendingSnapshotLeavesTheActionWaitingAndALaterLookDeletesTheVolume() {
        String id = volumeId();
        aws.recordedVolume(UNATTACHED, "vol-0b0d1b4c01088ed2c", id);
        aws.holdSnapshotsOf(id);
        long action = raise(id, "dev");
        ActionEntry waiting = service.get(action);
        assertEquals(ActionEntry.WAITING, waiting.state(), waiting.outcome());
        String snapshot = aws.snapshotsOf(id).get(0).id();
        assertTrue(waiting.outcome().startsWith("waiting: snapshot " + snapshot + " of " + id + " is pending"), waiting.outcome());
        assertNotNull(aws.volume(id), "nothing is deleted before the snapshot is completed");
        assertEquals(String.valueOf(action), aws.snapshotsOf(id).get(0).tags().get("log2:action"));
        Api.admin().post("/api/actions/" + action + "/undo").then().statusCode(409);

        assertTrue(service.resumeWaiting() >= 1);
        assertEquals(ActionEntry.WAITING, service.get(action).state());
        assertEquals(1, aws.snapshotsOf(id).size(), "the second look finds the snapshot it took");

        aws.completeSnapshotsOf(id);
        service.resumeWaiting();
        ActionEntry done = service.get(action);
        assertEquals(ActionEntry.VERIFIED, done.state(), done.outcome());
        assertNull(aws.volume(id));
        assertEquals(1, aws.snapshotsOf(id).size());
        assertEquals(waiting.executedAt(), done.executedAt(), "executed when the change began");
    }

    /** AWS answers DeleteVolume at once and lists the volume as deleting for a while: that is deleted, not a failure. */
    @Test
    void aVolumeStillListedAsDeletingCountsAsDeletedAndTheUndoMakesItAgain() {
        String id = volumeId();
        aws.recordedVolume(UNATTACHED, "vol-0b0d1b4c01088ed2c", id);
        aws.deletesSlowly();
        ActionEntry done = service.get(raise(id, "dev"));
        assertEquals(ActionEntry.VERIFIED, done.state(), done.outcome());
        assertEquals("deleting", aws.volume(id).state());
        Api.admin().post("/api/actions/" + done.id() + "/undo").then().statusCode(200).body("state", equalTo("undone"));
        assertEquals(aws.snapshotsOf(id).get(0).id(), aws.last("CreateVolume").param("SnapshotId"));
    }

    @Test
    void anAttachedVolumeIsRefusedByTheDryRunAndNothingIsChanged() {
        String id = volumeId();
        aws.recordedVolume(ATTACHED, "vol-0252f61378ede9d01", id);
        ActionEntry refused = service.get(raise(id, "dev"));
        assertEquals(ActionEntry.FAILED, refused.state());
        assertTrue(refused.outcome().contains("refused: " + id + " is in-use, attached to i-"), refused.outcome());
        assertEquals(List.of("DescribeVolumes"), aws.operations(id));
        assertNotNull(aws.volume(id));
        assertEquals(List.of(), aws.snapshotsOf(id));
    }

    @Test
    void aVolumeAttachedWhileTheApprovalWaitedIsRefusedBeforeAnySnapshot() throws IOException {
        ActionsTest.policy("snapshot-delete-volume,,,,,,approve\n");
        String id = volumeId();
        ActionStub.Volume before = aws.recordedVolume(UNATTACHED, "vol-0b0d1b4c01088ed2c", id);
        long action = raise(id, "staging");
        assertEquals(ActionEntry.PENDING, service.get(action).state());
        aws.volume(id, new ActionStub.Volume(before.availabilityZone(), before.type(), before.size(), before.iops(),
                before.throughput(), "in-use", "i-0a0b51bcf11a8cdfb", before.tags()));
        Api.as("approver").post("/api/actions/" + action + "/approve").then().statusCode(200)
                .body("state", equalTo("failed")).body("outcome", containsString("attached to i-0a0b51bcf11a8cdfb"));
        assertEquals(List.of("DescribeVolumes", "DescribeSnapshots", "DescribeVolumes"), aws.operations(id));
        assertEquals(List.of(), aws.snapshotsOf(id));
    }

    @Test
    void aDeniedDeleteVolumeFailsWithTheAwsErrorKeepingTheSnapshotAndTheVolume() {
        String id = volumeId();
        aws.recordedVolume(UNATTACHED, "vol-0b0d1b4c01088ed2c", id);
        aws.deny("DeleteVolume", id);
        ActionEntry failed = service.get(raise(id, "dev"));
        assertEquals(ActionEntry.FAILED, failed.state());
        String snapshot = aws.snapshotsOf(id).get(0).id();
        assertTrue(failed.outcome().startsWith("DeleteVolume: UnauthorizedOperation: You are not authorized"), failed.outcome());
        assertTrue(failed.outcome().endsWith("snapshot " + snapshot + " is kept and volume " + id + " was not deleted"),
                failed.outcome());
        assertNotNull(aws.volume(id), "the volume still exists");
        assertEquals("completed", aws.snapshotsOf(id).get(0).state());
        AwsCall denied = failed.awsCalls().get(failed.awsCalls().size() - 1);
        assertEquals("DeleteVolume", denied.operation());
        assertEquals("UnauthorizedOperation", denied.errorCode());
        assertNotNull(denied.requestId());
        Api.admin().post("/api/actions/" + failed.id() + "/undo").then().statusCode(409);
    }

    @Test
    void aSnapshotEndingInErrorFailsTheActionAndTheVolumeIsNotDeleted() {
        String id = volumeId();
        aws.recordedVolume(UNATTACHED, "vol-0b0d1b4c01088ed2c", id);
        aws.failSnapshotsOf(id);
        ActionEntry failed = service.get(raise(id, "dev"));
        assertEquals(ActionEntry.FAILED, failed.state());
        String snapshot = aws.snapshotsOf(id).get(0).id();
        assertEquals("snapshot " + snapshot + " is error; volume " + id + " was not deleted", failed.outcome());
        assertEquals(List.of("DescribeVolumes", "DescribeSnapshots", "DescribeVolumes", "CreateSnapshot"), aws.operations(id));
        assertNotNull(aws.volume(id));
    }

    @Test
    void aDeniedCreateSnapshotFailsWithTheAwsErrorAndLeavesTheVolume() {
        String id = volumeId();
        aws.recordedVolume(UNATTACHED, "vol-0b0d1b4c01088ed2c", id);
        aws.deny("CreateSnapshot", id);
        ActionEntry failed = service.get(raise(id, "dev"));
        assertEquals(ActionEntry.FAILED, failed.state());
        assertTrue(failed.outcome().startsWith("CreateSnapshot: UnauthorizedOperation"), failed.outcome());
        assertEquals(id, aws.last("CreateSnapshot").param("VolumeId"));
        assertEquals(List.of(), aws.snapshotsOf(id));
        assertNotNull(aws.volume(id));
        assertTrue(aws.operations(id).stream().noneMatch("DeleteVolume"::equals));
    }

    @Test
    void aDeniedCreateVolumeFailsTheUndoAndLeavesTheSnapshot() {
        String id = volumeId();
        aws.recordedVolume(UNATTACHED, "vol-0b0d1b4c01088ed2c", id);
        ActionEntry done = service.get(raise(id, "dev"));
        assertEquals(ActionEntry.VERIFIED, done.state(), done.outcome());
        String snapshot = aws.snapshotsOf(id).get(0).id();
        aws.deny("CreateVolume", snapshot);
        Api.admin().post("/api/actions/" + done.id() + "/undo").then().statusCode(409)
                .body("detail", containsString("CreateVolume: UnauthorizedOperation"));
        assertEquals(snapshot, aws.last("CreateVolume").param("SnapshotId"));
        assertEquals(Map.of(), aws.volumes());
        assertEquals(1, aws.snapshotsOf(id).size());
        assertEquals(ActionEntry.VERIFIED, service.get(done.id()).state());
    }
}
