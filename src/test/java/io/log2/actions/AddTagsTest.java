package io.log2.actions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** add-tags against a local EC2 endpoint: only the missing required tags are created, and the undo removes just those. */
@QuarkusTest
class AddTagsTest {

    @Inject
    ActionService service;
    @Inject
    ActionClients clients;

    private ActionStub aws;
    private final String account = "acct-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void stub() throws IOException {
        aws = ActionStub.started(clients, service, "add-tags,,,,,,auto\n");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void theMissingTagsAreAddedAndTheUndoRemovesOnlyThose() {
        String id = "i-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
        aws.tags(id, Map.of("owner", "team-a@example.com", "Name", "web-1"));
        ActionEntry done = service.get(service.raise(new ActionRequest("add-tags", "run.1", 1, "untagged", "low", id, account,
                Map.of()), "run-1", null));
        assertEquals(ActionEntry.VERIFIED, done.state(), done.outcome());
        assertEquals("+ " + id + " tag environment=unknown", done.diff());
        ActionStub.Request create = aws.requests(id).stream().filter(r -> r.operation().equals("CreateTags")).findFirst().orElseThrow();
        assertEquals(id, create.param("ResourceId.1"));
        assertEquals("environment", create.param("Tag.1.Key"));
        assertEquals("unknown", create.param("Tag.1.Value"));
        assertEquals(null, create.param("Tag.2.Key"), "a tag the resource has is not written again");
        assertEquals(Map.of("owner", "team-a@example.com", "Name", "web-1", "environment", "unknown"), aws.tags(id));

        Api.admin().post("/api/actions/" + done.id() + "/undo").then().statusCode(200).body("state", equalTo("undone"))
                .body("undo", containsString("undone by admin"));
        ActionStub.Request delete = aws.requests(id).get(aws.requests(id).size() - 1);
        assertEquals("DeleteTags", delete.operation());
        assertEquals("environment", delete.param("Tag.1.Key"));
        assertEquals("unknown", delete.param("Tag.1.Value"), "only the value the action wrote is taken back");
        assertEquals(null, delete.param("Tag.2.Key"));
        assertEquals(Map.of("owner", "team-a@example.com", "Name", "web-1"), aws.tags(id));
    }

    @Test
    void aDeniedCreateTagsFailsWithTheAwsErrorAndChangesNothing() {
        String id = "i-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
        aws.tags(id, Map.of());
        aws.deny("CreateTags", id);
        ActionEntry failed = service.get(service.raise(new ActionRequest("add-tags", "run.1", 1, "untagged", "low", id, account,
                Map.of()), "run-1", null));
        assertEquals(ActionEntry.FAILED, failed.state());
        assertTrue(failed.outcome().startsWith("CreateTags: UnauthorizedOperation"), failed.outcome());
        assertEquals(Map.of(), aws.tags(id));
        assertEquals(List.of("DescribeTags", "DescribeTags", "CreateTags"),
                aws.requests(id).stream().map(ActionStub.Request::operation).toList(), "dry run, read again, write");
    }

    @Test
    void theUndoLeavesATagAPersonChangedAfterTheAction() {
        String id = "i-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
        aws.tags(id, Map.of("owner", "team-a@example.com"));
        ActionEntry done = service.get(service.raise(new ActionRequest("add-tags", "run.1", 1, "untagged", "low", id, account,
                Map.of()), "run-1", null));
        assertEquals(ActionEntry.VERIFIED, done.state(), done.outcome());
        aws.tags(id, Map.of("owner", "team-a@example.com", "environment", "production"));
        Api.admin().post("/api/actions/" + done.id() + "/undo").then().statusCode(200);
        assertEquals(Map.of("owner", "team-a@example.com", "environment", "production"), aws.tags(id));
    }
}
