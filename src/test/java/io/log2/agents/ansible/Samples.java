package io.log2.agents.ansible;

import io.log2.agents.ansible.imports.PlaybookResult;
import io.log2.agents.ansible.imports.ResultReader;
import io.log2.agents.ansible.imports.RunFacts;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The playbook results of apenella/go-ansible (MIT, see src/test/resources/ansible/LICENSE) as tests read them. */
final class Samples {

    static final String TEST_01 = "ansible/JSONStdoutCallbackResults_test_01.json";
    static final String TEST_02 = "ansible/JSONStdoutCallbackResults_test_02.json";
    static final String TEST_03 = "ansible/JSONStdoutCallbackResults_test_03.json";
    static final String TEST_05 = "ansible/JSONStdoutCallbackResults_test_05.json";
    static final String TEST_06 = "ansible/ansiblePlaybookJSONResults_test_06.json";
    static final String TEST_07 = "ansible/ansiblePlaybookJSONResults_test_07.json";
    static final String TEST_09 = "ansible/ansiblePlaybookJSONLEventResults_test_09.json";

    private Samples() {
    }

    static byte[] bytes(String resource) {
        try (InputStream in = Samples.class.getClassLoader().getResourceAsStream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String resource) {
        return new String(bytes(resource), StandardCharsets.UTF_8);
    }

    static PlaybookResult read(String resource) {
        try (Reader r = new InputStreamReader(Samples.class.getClassLoader().getResourceAsStream(resource), StandardCharsets.UTF_8)) {
            return new ResultReader().read(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PlaybookResult readText(String json) {
        return new ResultReader().read(new StringReader(json));
    }

    static RunFacts facts(String resource, String mode) {
        return RunFacts.of(read(resource), "site", mode, RunFacts.Recent.NONE);
    }
}
