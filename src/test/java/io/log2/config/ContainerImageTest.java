package io.log2.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docker/Dockerfile, read as Docker reads it: the user the service runs as is the last USER instruction. */
class ContainerImageTest {

    @Test
    void theServiceRunsAsAnUnprivilegedUser() throws IOException {
        List<String> instructions = Files.readAllLines(Path.of("docker/Dockerfile")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        String user = null;
        for (String line : instructions) {
            if (line.regionMatches(true, 0, "USER ", 0, 5)) {
                user = line.substring(5).strip();
            }
        }
        assertNotNull(user, "no USER instruction: the image would run as root");
        String name = user.split(":")[0];
        assertFalse(name.equals("root") || name.equals("0"), "the image runs as " + user);
    }
}
