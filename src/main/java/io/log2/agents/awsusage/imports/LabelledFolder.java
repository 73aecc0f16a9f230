package io.log2.agents.awsusage.imports;

import io.log2.imports.ImportRejectedException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * A folder of labelled history as sent, zipped: {@code windows.json} (required), {@code targets.json} (optional)
 * and metric series {@code *.csv} anywhere in it, each known by its file name alone (as {@code windows.json} names
 * it). Other files (a licence, a README, NAB's {@code labels.json}) are left alone. Read whole, within
 * {@code maxUncompressedBytes} for everything it inflates to.
 */
record LabelledFolder(String name, byte[] windows, byte[] targets, Map<String, byte[]> series) {

    static final String WINDOWS = "windows.json";
    static final String TARGETS = "targets.json";
    private static final int MAX_ENTRIES = 10_000;

    static LabelledFolder read(String name, InputStream zipped, long maxUncompressedBytes) {
        byte[] windows = null;
        byte[] targets = null;
        Map<String, byte[]> series = new TreeMap<>();
        long total = 0;
        int entries = 0;
        try (ZipInputStream zip = new ZipInputStream(zipped)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (++entries > MAX_ENTRIES) {
                    throw ImportRejectedException.badRequest("body", "the folder holds more than " + MAX_ENTRIES + " files");
                }
                String path = entry.getName().replace('\\', '/');
                String file = path.substring(path.lastIndexOf('/') + 1);
                boolean wanted = !entry.isDirectory() && !file.startsWith(".") && !path.contains("__MACOSX/")
                        && (file.equals(WINDOWS) || file.equals(TARGETS) || file.toLowerCase(java.util.Locale.ROOT).endsWith(".csv"));
                if (!wanted) {
                    continue;
                }
                byte[] content = readEntry(zip, maxUncompressedBytes - total);
                total += content.length;
                if (file.equals(WINDOWS)) {
                    windows = once(windows, content, path);
                } else if (file.equals(TARGETS)) {
                    targets = once(targets, content, path);
                } else if (series.put(file, content) != null) {
                    throw ImportRejectedException.badRequest(path, "two files are named " + file
                            + "; windows.json names a series by its file name, so each name may appear once");
                }
            }
        } catch (ZipException e) {
            throw ImportRejectedException.badRequest("body", "the folder must be sent as a zip file; this one cannot be read: "
                    + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (entries == 0) {
            throw ImportRejectedException.badRequest("body", "the folder must be sent as a zip file holding windows.json and"
                    + " the series (.csv); this is no zip file or an empty one");
        }
        if (windows == null) {
            throw ImportRejectedException.badRequest(WINDOWS,
                    "the folder has no windows.json: it names each series file and its labelled anomaly windows");
        }
        return new LabelledFolder(name, windows, targets, series);
    }

    private static byte[] once(byte[] seen, byte[] content, String path) {
        if (seen != null) {
            throw ImportRejectedException.badRequest(path, "the folder holds more than one " + path.substring(path.lastIndexOf('/') + 1));
        }
        return content;
    }

    private static byte[] readEntry(ZipInputStream zip, long room) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = zip.read(buffer)) > 0) {
            if (out.size() + (long) n > room) {
                throw ImportRejectedException.tooLarge("the folder inflates to more than log2.imports.max-uncompressed-bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
