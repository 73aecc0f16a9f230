package io.log2.actions;

import static org.hamcrest.Matchers.containsString;
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

/** release-elastic-ip against a local EC2 endpoint: only an address associated with nothing is released, and never undone. */
@QuarkusTest
class ReleaseElasticIpTest {

    @Inject
    ActionService service;
    @Inject
    ActionClients clients;

    private ActionStub aws;
    private final String account = "acct-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void stub() throws IOException {
        aws = ActionStub.started(clients, service, "release-elastic-ip,,,,,,auto\n");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    private ActionStub.Address address(String instance) {
        String hex = UUID.randomUUID().toString().replace("-", "");
        int last = Integer.parseInt(hex.substring(0, 2), 16) % 250 + 1;
        ActionStub.Address a = new ActionStub.Address("eipalloc-" + hex.substring(0, 17), "198.51.100." + last, instance);
        aws.address(a);
        return a;
    }

    private ActionEntry release(String resource) {
        return service.get(service.raise(new ActionRequest("release-elastic-ip", "run.1", 1, "unused Elastic IP", "low",
                resource, account, Map.of()), "run-1", null));
    }

    @Test
    void anUnassociatedAddressIsReleasedAndCannotBeUndone() {
        ActionStub.Address a = address(null);
        ActionEntry done = release(a.allocationId());
        assertEquals(ActionEntry.VERIFIED, done.state(), done.outcome());
        assertEquals("- " + a.allocationId() + " " + a.publicIp() + " (associated with nothing): released", done.diff());
        assertEquals(List.of("DescribeAddresses", "DescribeAddresses", "ReleaseAddress", "DescribeAddresses"),
                aws.operations(a.allocationId()));
        assertEquals(a.allocationId(), aws.requests(a.allocationId()).get(0).param("AllocationId.1"));
        assertEquals(a.allocationId(), aws.last("ReleaseAddress").param("AllocationId"));
        assertNull(aws.address(a.allocationId()));
        assertEquals("InvalidAllocationID.NotFound", done.awsCalls().get(done.awsCalls().size() - 1).errorCode(),
                "verify reads the address back and finds it gone");

        Api.admin().post("/api/actions/" + done.id() + "/undo").then().statusCode(409)
                .body("detail", containsString("release-elastic-ip cannot be undone"));
    }

    @Test
    void anAddressNamedByItsPublicIpIsReleasedByItsAllocationId() {
        ActionStub.Address a = address(null);
        ActionEntry done = release(a.publicIp());
        assertEquals(ActionEntry.VERIFIED, done.state(), done.outcome());
        assertEquals(a.publicIp(), aws.requests(a.publicIp()).get(0).param("PublicIp.1"));
        assertEquals(a.allocationId(), aws.last("ReleaseAddress").param("AllocationId"));
        assertNull(aws.address(a.allocationId()));
        assertEquals("InvalidAddress.NotFound", done.awsCalls().get(done.awsCalls().size() - 1).errorCode());
    }

    @Test
    void anAssociatedAddressIsRefusedAndNothingIsReleased() {
        ActionStub.Address a = address("i-0a0b51bcf11a8cdfb");
        ActionEntry refused = release(a.allocationId());
        assertEquals(ActionEntry.FAILED, refused.state());
        assertTrue(refused.outcome().contains("refused: " + a.allocationId() + " is associated with i-0a0b51bcf11a8cdfb"),
                refused.outcome());
        assertEquals(List.of("DescribeAddresses"), aws.operations(a.allocationId()));
        assertNotNull(aws.address(a.allocationId()));
    }

    @Test
    void aDeniedReleaseFailsWithTheAwsErrorAndKeepsTheAddress() {
        ActionStub.Address a = address(null);
        aws.deny("ReleaseAddress", a.allocationId());
        ActionEntry failed = release(a.allocationId());
        assertEquals(ActionEntry.FAILED, failed.state());
        assertTrue(failed.outcome().startsWith("ReleaseAddress: UnauthorizedOperation"), failed.outcome());
        assertEquals(a.allocationId(), aws.last("ReleaseAddress").param("AllocationId"));
        assertNotNull(aws.address(a.allocationId()));
    }
}
