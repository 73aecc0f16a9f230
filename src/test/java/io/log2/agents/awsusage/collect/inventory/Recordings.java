package io.log2.agents.awsusage.collect.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Recorded AWS responses under {@code src/test/resources/aws/inventory/}: AWS CLI examples (aws/aws-cli) as
 * they are, Cloud Custodian placebo recordings (cloud-custodian/cloud-custodian) unwrapped from
 * {@code {"status_code":200,"data":{...}}}. Both Apache-2.0; see the LICENSE files beside them.
 */
final class Recordings {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Recordings() {
    }

    /** The response body of a recording, as a fresh tree the caller may change (to add a page token). */
    static ObjectNode load(String path) {
        try (InputStream in = Recordings.class.getResourceAsStream("/aws/inventory/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no recording " + path);
            }
            JsonNode root = JSON.readTree(in);
            JsonNode body = root.has("status_code") && root.has("data") ? root.get("data") : root;
            return (ObjectNode) body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
