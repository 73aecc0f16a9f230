package io.log2.agents.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.ansible.imports.AnsibleImportService;
import io.log2.agents.ansible.imports.PlaybookResult;
import io.log2.agents.ansible.imports.RunFacts;
import io.log2.imports.ImportRejectedException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The go-ansible results read into facts, each count and duration checked against the file by hand. */
class ResultReaderTest {

    @Test
    void test07HasFourTasksOfOneHostTheFirstFailureIgnored() {
        RunFacts facts = Samples.facts(Samples.TEST_07, AnsibleRun.RUN);
        // "stats": {"127.0.0.1": {"changed": 2, "failures": 1, "ignored": 1, "ok": 2, "rescued": 0, "skipped": 1, "unreachable": 0}}
        assertEquals(List.of(new HostRecap("site", "run", "127.0.0.1", "site/127.0.0.1", 2, 2, 1, 0, 1, 0, 1)), facts.recaps());
        List<TaskResult> tasks = facts.tasks();
        assertEquals(List.of("ok-task", "skipping-task", "failing-task", "failing-task-when"),
                tasks.stream().map(TaskResult::task).toList());
        assertEquals(List.of("command", "ansible.builtin.shell", "command", "ansible.builtin.command"),
                tasks.stream().map(TaskResult::action).toList());
        // ok-task ran 16:51:12.818849 to 16:51:13.112192: 0.293343 s; failing-task-when 13.322404 to 13.677774: 0.35537 s
        assertEquals(0.293343, tasks.get(0).durationSeconds(), 1e-9);
        assertEquals(0.030385, tasks.get(1).durationSeconds(), 1e-9);
        assertEquals(0.174147, tasks.get(2).durationSeconds(), 1e-9);
        assertEquals(0.35537, tasks.get(3).durationSeconds(), 1e-9);
        assertTrue(tasks.get(1).skipped());
        assertEquals("Conditional result was False", tasks.get(1).message());
        // failing-task failed (rc 255) and the host went on to failing-task-when: with "ignored": 1 in the recap,
        // that failure was ignored; failing-task-when is the host's last result, the failure that counts
        TaskResult ignored = tasks.get(2);
        assertTrue(ignored.failed() && ignored.ignoreErrors() && ignored.changed());
        assertEquals("non-zero return code", ignored.message());
        assertTrue(tasks.get(3).failed());
        assertFalse(tasks.get(3).ignoreErrors());
        assertEquals("site/failing-task-when@127.0.0.1", tasks.get(3).resource());
        AnsibleRun run = facts.run();
        // one host, and it failed: 100%
        assertEquals(1, run.hosts());
        assertEquals(1, run.failedHosts());
        assertEquals(100.0, run.failureRate());
        assertEquals(4, run.tasks());
        assertEquals("2022-02-08T16:51:12.808956Z", run.startedAt().toString());
        assertEquals("2022-02-08T16:51:13.677774Z", run.endedAt().toString());
    }

    @Test
    void test01KeepsTheRecapsHostsAndTheTasksHostsAsTheyAre() {
        RunFacts facts = Samples.facts(Samples.TEST_01, AnsibleRun.RUN);
        // the recap names 127.0.0.1 and 192.168.1.1; the second task ran on "192.198.1.1" (so the file says)
        assertEquals(List.of("127.0.0.1", "192.168.1.1"), facts.recaps().stream().map(HostRecap::host).toList());
        assertEquals(List.of("127.0.0.1", "192.198.1.1"), facts.tasks().stream().map(TaskResult::host).toList());
        assertEquals(0.0, facts.run().failureRate());
        assertEquals(2, facts.run().hosts());
        // 20:51:30.908539 to 20:51:30.942955
        assertEquals(0.034416, facts.tasks().get(0).durationSeconds(), 1e-9);
        assertEquals("That's a message to debug", facts.tasks().get(0).message());
    }

    @Test
    void test02HasAPlayWithoutTasks() {
        RunFacts facts = Samples.facts(Samples.TEST_02, AnsibleRun.RUN);
        assertEquals(0, facts.tasks().size());
        assertEquals(1, facts.recaps().size());
    }

    @Test
    void test05IsAnUnreachableHost() {
        RunFacts facts = Samples.facts(Samples.TEST_05, AnsibleRun.RUN);
        assertEquals(1, facts.recaps().get(0).unreachable());
        assertTrue(facts.tasks().get(0).unreachable());
        assertEquals(0, facts.run().failedHosts());
        assertEquals(1, facts.run().unreachableHosts());
        assertEquals(100.0, facts.run().failureRate());
    }

    @Test
    void test06MessageIsAListOfLines() {
        assertEquals("That's a message to debug", Samples.facts(Samples.TEST_06, AnsibleRun.RUN).tasks().get(0).message());
    }

    @Test
    void test09IsTheStatsEventOfTheJsonlCallback() {
        PlaybookResult result = Samples.read(Samples.TEST_09);
        assertEquals(PlaybookResult.EVENTS, result.format());
        // host1: ok 5, changed 2, failed 0, skipped 1; host2: ok 3, changed 1, failed 1 (the event writes "failed")
        assertEquals(List.of(new PlaybookResult.HostStats("host1", 5, 2, 0, 0, 1, 0, 0),
                new PlaybookResult.HostStats("host2", 3, 1, 1, 0, 0, 0, 0)), result.hosts());
        assertEquals(0, result.outcomes().size());
        assertEquals("2025-03-24T12:40:00Z", result.startedAt().toString());
        // one of two hosts failed
        assertEquals(50.0, RunFacts.of(result, "site", "run", RunFacts.Recent.NONE).run().failureRate());
    }

    @Test
    void jsonlEventsOneALineGiveTaskResults() {
        String events = """
                {"_event": "v2_playbook_on_play_start", "_timestamp": "2025-03-24T12:39:00Z", "play": {"name": "web"}}
                {"_event": "v2_runner_on_failed", "_timestamp": "2025-03-24T12:39:10Z", "hosts": {"h1": {"action": "apt", "msg": "no package"}}, "task": {"name": "install", "duration": {"start": "2025-03-24T12:39:01Z", "end": "2025-03-24T12:39:10Z"}}}
                {"_event": "v2_playbook_on_stats", "_timestamp": "2025-03-24T12:40:00Z", "stats": {"h1": {"ok": 0, "failed": 1}}}
                """;
        PlaybookResult result = Samples.readText(events);
        assertEquals(1, result.outcomes().size());
        PlaybookResult.Outcome o = result.outcomes().get(0);
        assertEquals("web", o.play());
        assertTrue(o.failed(), "a v2_runner_on_failed event is a failure whatever its result repeats");
        assertEquals("no package", o.message());
        assertEquals(9.0, RunFacts.of(result, "site", "run", RunFacts.Recent.NONE).tasks().get(0).durationSeconds());
    }

    @Test
    void brokenFilesAreRefusedWithTheirPlace() {
        String whole = Samples.text(Samples.TEST_07);
        // cut in the middle: a JSON syntax fault, 422, with its line and column
        ImportRejectedException cut = assertThrows(ImportRejectedException.class,
                () -> Samples.readText(whole.substring(0, whole.length() / 2)));
        assertEquals(422, cut.status());
        assertTrue(cut.where().startsWith("line "), cut.where());
        // a count that is not one
        ImportRejectedException type = assertThrows(ImportRejectedException.class,
                () -> Samples.readText(whole.replace("\"failures\": 1", "\"failures\": \"one\"")));
        assertEquals(422, type.status());
        assertEquals("/stats/127.0.0.1/failures", type.where());
        ImportRejectedException time = assertThrows(ImportRejectedException.class,
                () -> Samples.readText(whole.replace("\"2022-02-08T16:51:13.112192Z\"", "\"yesterday\"")));
        assertEquals("/plays/0/tasks/0/task/duration/end", time.where());
        ImportRejectedException noStats = assertThrows(ImportRejectedException.class,
                () -> Samples.readText("{\"plays\": []}"));
        assertEquals(422, noStats.status());
        assertEquals("/stats", noStats.where());
        // JSON, but not a playbook result; not JSON at all
        assertEquals(415, assertThrows(ImportRejectedException.class, () -> Samples.readText("{\"Resources\": {}}")).status());
        assertEquals(415, assertThrows(ImportRejectedException.class, () -> Samples.readText("[1, 2]")).status());
        ImportRejectedException csv = assertThrows(ImportRejectedException.class, () -> Samples.readText("host,ok\nweb,1\n"));
        assertEquals(415, csv.status());
        assertEquals(422, assertThrows(ImportRejectedException.class, () -> Samples.readText(whole + whole)).status());
    }

    @Test
    void theFileNameSaysPlaybookAndMode() {
        assertEquals(new AnsibleImportService.Named("site", "check"), AnsibleImportService.fromFileName("site--check.json.gz"));
        assertEquals(new AnsibleImportService.Named("deploy-web", "run"), AnsibleImportService.fromFileName("deploy-web.json"));
        assertEquals(new AnsibleImportService.Named("unnamed", "run"), AnsibleImportService.fromFileName(null));
        assertNull(Samples.facts(Samples.TEST_02, AnsibleRun.RUN).run().recentFailureRate());
    }
}
