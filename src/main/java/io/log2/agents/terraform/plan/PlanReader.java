package io.log2.agents.terraform.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.imports.BoundedInputStream;
import io.log2.imports.ImportRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the JSON of {@code terraform show -json <planfile>} and checks that it is a plan in a format this agent
 * reads: JSON format versions 0.x and 1.x (Terraform 0.12 to today; a new minor version only adds fields). Refused:
 * text that is not JSON, with the parser's reason and its line and column (400); bytes that are not text (415);
 * JSON that is not a plan, such as the output of {@code terraform show -json} on a state, or a format version of
 * another major (422).
 */
public final class PlanReader {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)");

    private final long maxBytes;
    private final long maxUncompressedBytes;

    public PlanReader(long maxBytes, long maxUncompressedBytes) {
        this.maxBytes = maxBytes;
        this.maxUncompressedBytes = maxUncompressedBytes;
    }

    /** The plan's JSON tree, checked; a file that is not a plan throws {@link ImportRejectedException}. */
    public JsonNode read(InputStream in) {
        JsonNode root;
        try (Reader text = PlanText.open(in, maxBytes, maxUncompressedBytes);
             JsonParser parser = JSON.createParser(text)) {
            try {
                root = JSON.readTree(parser);
            } catch (CharacterCodingException e) {
                throw ImportRejectedException.unsupported(place(parser.currentLocation()),
                        "the content is not text in its encoding (UTF-8, or UTF-16 with a byte order mark): " + e.getMessage());
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
                throw ImportRejectedException.badRequest(place(at), "not valid JSON: " + e.getOriginalMessage());
            }
        } catch (BoundedInputStream.SourceFailure | ImportRejectedException e) {
            throw e;
        } catch (IOException e) {
            throw ImportRejectedException.badRequest("body", "the file could not be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw ImportRejectedException.badRequest("body", "the file is empty (only white space)");
        }
        check(root);
        return root;
    }

    private static String place(JsonLocation at) {
        return at == null ? "body" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private static void check(JsonNode root) {
        if (!root.isObject()) {
            throw ImportRejectedException.invalid("body", "a plan is a JSON object; this is a JSON " + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        JsonNode version = root.get("format_version");
        if (version == null || !version.isTextual()) {
            throw ImportRejectedException.invalid("format_version", "no format_version: expected the JSON of 'terraform show -json <planfile>'");
        }
        Matcher m = VERSION.matcher(version.asText());
        if (!m.lookingAt() || !(m.group(1).equals("0") || m.group(1).equals("1"))) {
            throw ImportRejectedException.invalid("format_version", "format_version " + version.asText()
                    + " is not read: plans of format 0.x and 1.x are (Terraform 0.12 and later)");
        }
        if (!root.has("resource_changes") && !root.has("planned_values")) {
            boolean state = root.has("values");
            throw ImportRejectedException.invalid("resource_changes", state
                    ? "this is a state ('terraform show -json' without a plan file): send the plan, 'terraform show -json <planfile>'"
                    : "no resource_changes and no planned_values: not a plan");
        }
        JsonNode changes = root.path("resource_changes");
        if (!changes.isMissingNode() && !changes.isNull() && !changes.isArray()) {
            throw ImportRejectedException.invalid("resource_changes", "resource_changes is not a list");
        }
        for (int i = 0; i < changes.size(); i++) {
            JsonNode c = changes.get(i);
            String where = "resource_changes[" + i + "]";
            if (!c.path("address").isTextual() || !c.path("type").isTextual()) {
                throw ImportRejectedException.invalid(where, "a resource change without an address or a type");
            }
            JsonNode actions = c.path("change").path("actions");
            if (!actions.isArray() || actions.isEmpty()) {
                throw ImportRejectedException.invalid(where + ".change.actions", c.get("address").asText() + " has no actions");
            }
            for (JsonNode a : actions) {
                if (!a.isTextual()) {
                    throw ImportRejectedException.invalid(where + ".change.actions", c.get("address").asText() + " has an action that is not text: " + a);
                }
            }
            for (String side : new String[] {"before", "after"}) {
                JsonNode v = c.path("change").path(side);
                if (!v.isMissingNode() && !v.isNull() && !v.isObject()) {
                    throw ImportRejectedException.invalid(where + ".change." + side, c.get("address").asText() + ": " + side + " is not an object");
                }
            }
        }
    }
}
