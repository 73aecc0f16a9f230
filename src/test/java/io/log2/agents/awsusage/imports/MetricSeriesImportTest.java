package io.log2.agents.awsusage.imports;

import static io.log2.agents.awsusage.imports.ImportFixtures.bytes;
import static io.log2.agents.awsusage.imports.ImportFixtures.gzip;
import static io.log2.agents.awsusage.imports.ImportFixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.log2.agents.awsusage.MetricSample;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A {@code timestamp,value} series becomes metric samples of the target it is imported for. */
class MetricSeriesImportTest {

    static final String NAB = "/data/nab/ec2_cpu_utilization_5f5533.csv";
    static final MetricSeriesTarget EC2_CPU = new MetricSeriesTarget("AWS/EC2", "CPUUtilization", "i-5f5533");

    @Test
    void nabSeriesImportsEveryPointInOrder() {
        ImportResult result = read(bytes(NAB), null);

        assertEquals(ExportKind.METRIC_SERIES, result.kind());
        assertEquals(4032, result.rowsRead());
        assertEquals(4032, result.rowsKept());
        assertEquals(Map.of(), result.refused());
        assertEquals(List.of(), result.costs());
        List<MetricSample> samples = result.metrics();
        assertEquals(4032, samples.size());
        assertEquals(new MetricSample("AWS/EC2", "CPUUtilization", "i-5f5533", Instant.parse("2014-02-14T14:27:00Z"),
                51.846000000000004, null), samples.get(0));
        assertEquals(new MetricSample("AWS/EC2", "CPUUtilization", "i-5f5533", Instant.parse("2014-02-28T14:22:00Z"),
                37.718, null), samples.get(samples.size() - 1));

        // every point, against a plain reading of the lines
        String[] lines = text(NAB).strip().split("\n");
        assertEquals("timestamp,value", lines[0]);
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",");
            MetricSample s = samples.get(i - 1);
            assertEquals(Instant.parse(cells[0].replace(' ', 'T') + "Z"), s.timestamp(), "timestamp of line " + (i + 1));
            assertEquals(Double.parseDouble(cells[1]), s.value(), "value of line " + (i + 1));
        }
    }

    @Test
    void gzippedAndForcedSeriesImportTheSame() {
        ImportResult plain = read(bytes(NAB), null);
        ImportResult compressed = read(gzip(bytes(NAB)), ExportKind.METRIC_SERIES);

        assertEquals(plain.metrics(), compressed.metrics());
    }

    @Test
    void isoInstantsWithAndWithoutOffsetAreRead() {
        String csv = "Timestamp,Value\n"
                + "2024-03-01T00:00:00Z,1.5\n"
                + "2024-03-01T01:05:00+01:00,2\n"
                + "2024-03-01T00:10:00.250,-3e-2\n";
        ImportResult result = read(csv.getBytes(StandardCharsets.UTF_8), null);

        assertEquals(List.of(Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-03-01T00:05:00Z"),
                        Instant.parse("2024-03-01T00:10:00.250Z")),
                result.metrics().stream().map(MetricSample::timestamp).toList());
        assertEquals(List.of(1.5, 2.0, -0.03), result.metrics().stream().map(MetricSample::value).toList());
        assertNull(result.metrics().get(0).capacity());
    }

    @Test
    void bundledNabSampleIsTheTestedOne() {
        assertArrayEquals(bytes(NAB), bytes("/samples/nab/ec2_cpu_utilization_5f5533.csv"));
        assertArrayEquals(bytes("/data/nab/LICENSE.txt"), bytes("/samples/nab/LICENSE.txt"));
    }

    private static ImportResult read(byte[] content, ExportKind forced) {
        return ImportFixtures.importer().read("ec2_cpu_utilization_5f5533.csv", new ByteArrayInputStream(content), forced, EC2_CPU);
    }
}
