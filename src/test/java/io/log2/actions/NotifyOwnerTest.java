package io.log2.actions;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.logic.ActionRequest;
import io.log2.notify.Receivers;
import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * notify-owner against GreenMail: the owner tag's address receives the finding's message; the dry run shows the
 * recipient and the message; an owner tag naming a channel uses that channel; no owner, no message; no undo.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = Receivers.class, scope = TestResourceScope.GLOBAL)
class NotifyOwnerTest {

    static final String DRL = """
            package io.log2.rules.owners

            global io.log2.logic.Findings findings

            declare OpenPort
                resource : String
                account : String
                owner : String
                port : int
            end

            rule "Port open to the world"
                @severity("high") @category("security")
                @message("{resource} accepts connections on port {port} from anywhere")
            when
                $p : OpenPort( port == 22 )
            then
                findings.act(kcontext, $p, "notify-owner");
            end
            """;

    @Inject
    ActionService service;

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String account = "acct-" + id;

    @BeforeEach
    void setUp() throws Exception {
        ActionsTest.policy("notify-owner,low,,,,,approve\nnotify-owner,,,,,,auto\n");
        service.resume("test");
        service.enabled(true);
    }

    private List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(Receivers.smtp().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(address));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void theOwnerReceivesTheFindingByEmail() throws Exception {
        String agent = "owners-" + id;
        String owner = "alice-" + id + "@example.com";
        Api.editor().contentType("application/json")
                .body(new ObjectMapper().writeValueAsString(Map.of("name", agent, "template", "custom", "files", Map.of("rules.drl", DRL))))
                .post("/api/agents").then().statusCode(201);
        String sg = "sg-" + id;
        String fact = "{\"type\":\"OpenPort\",\"resource\":\"" + sg + "\",\"account\":\"" + account + "\",\"owner\":\"" + owner
                + "\",\"port\":22}";
        Api.editor().contentType("application/json").body("{\"facts\":[" + fact + "]}")
                .post("/api/agents/" + agent + "/runs").then().statusCode(200);
        service.awaitRaised();

        List<MimeMessage> mails = mailsTo(owner);
        assertEquals(1, mails.size());
        MimeMessage mail = mails.get(0);
        assertEquals(1, mail.getAllRecipients().length, "only the owner");
        assertEquals("Log²: " + sg + " in account " + account + " needs your attention", mail.getSubject());
        String body = mail.getContent().toString();
        assertTrue(body.contains("[high] " + sg + " accepts connections on port 22 from anywhere"), body);
        assertTrue(body.contains("rule Port open to the world"), body);

        ActionEntry entry = service.get(Api.viewer().queryParam("account", account).get("/api/actions").then()
                .statusCode(200).extract().jsonPath().getLong("items[0].id"));
        assertEquals("verified", entry.state());
        assertEquals(List.of(), entry.awsCalls(), "no AWS call");
        Api.admin().post("/api/actions/" + entry.id() + "/undo").then().statusCode(409);
    }

    @Test
    void theDryRunShowsRecipientAndMessageAndSendsNothing() {
        String owner = "bob-" + id + "@example.com";
        long action = service.raise(new ActionRequest("notify-owner", "run.1", 1, "Idle instance", "low", "i-" + id, account,
                Map.of("owner", owner)), "run-dry", null);
        ActionEntry pending = service.get(action);
        assertEquals("pending", pending.state());
        assertTrue(pending.diff().startsWith("+ email to " + owner + " (owner of i-" + id + ")\n"), pending.diff());
        assertTrue(pending.diff().contains("+ Log²: i-" + id + " in account " + account + " needs your attention"), pending.diff());
        assertTrue(pending.diff().contains("[low] Idle instance on i-" + id), pending.diff());
        assertEquals(List.of(), mailsTo(owner));
    }

    @Test
    void anOwnerTagNamingAChannelUsesThatChannel() {
        String channel = "team-" + id;
        String address = "team-" + id + "@example.com";
        Api.admin().contentType("application/json")
                .body("{\"name\":\"" + channel + "\",\"type\":\"email\",\"target\":\"" + address + "\"}")
                .post("/api/notifications/channels").then().statusCode(201);
        long action = service.raise(new ActionRequest("notify-owner", "run.1", 1, "Idle instance", "medium", "vol-" + id,
                account, Map.of("owner", channel)), "run-channel", null);
        assertEquals("verified", service.get(action).state(), service.get(action).outcome());
        assertEquals(1, mailsTo(address).size());
    }

    @Test
    void withoutAnOwnerNothingIsSentAndTheActionFails() {
        long action = service.raise(new ActionRequest("notify-owner", "run.1", 1, "Idle instance", "medium", "vol-x" + id,
                account, Map.of("environment", "dev")), "run-nobody", null);
        ActionEntry failed = service.get(action);
        assertEquals("failed", failed.state());
        assertTrue(failed.outcome().contains("has no owner tag"), failed.outcome());
        Api.viewer().get("/api/actions/" + action).then().body("outcome", equalTo(failed.outcome()));
    }

    /** Whoever can tag a resource writes its owner tag: an address outside log2.actions.owner-domains gets nothing. */
    @Test
    void anOwnerAddressOutsideTheAllowedDomainsIsRefusedAndNothingIsSent() {
        String outsider = "mallory-" + id + "@elsewhere.test";
        long action = service.raise(new ActionRequest("notify-owner", "run.1", 1, "Idle instance", "medium", "i-o" + id,
                account, Map.of("owner", outsider)), "run-outsider", null);
        ActionEntry failed = service.get(action);
        assertEquals("failed", failed.state());
        assertTrue(failed.outcome().contains("outside log2.actions.owner-domains [example.com]"), failed.outcome());
        assertEquals(List.of(), mailsTo(outsider));
        String sub = "carol-" + id + "@ops.example.com";
        long allowed = service.raise(new ActionRequest("notify-owner", "run.1", 1, "Idle instance", "medium", "i-s" + id,
                account, Map.of("owner", sub)), "run-subdomain", null);
        assertEquals("verified", service.get(allowed).state(), service.get(allowed).outcome());
        assertEquals(1, mailsTo(sub).size(), "a subdomain of an allowed domain is allowed");
    }
}
