package io.log2.logs;

import io.log2.logic.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;

/**
 * The position of the last firing on a page of {@code GET /api/firings}: its time and id, the two keys the firings are
 * ordered by (newest first). Handed to clients as an opaque token, base64url of {@code <instant>~<id>}.
 */
record FiringCursor(Instant firedAt, long id) {

    private static final char SEPARATOR = '~';

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((firedAt.toString() + SEPARATOR + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a page handed out; 400 for anything else, including the id-only cursors of earlier versions. */
    static FiringCursor decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
            int at = text.lastIndexOf(SEPARATOR);
            if (at < 0) {
                throw new IllegalArgumentException("no separator");
            }
            return new FiringCursor(Instant.parse(text.substring(0, at)), Long.parseLong(text.substring(at + 1)));
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new InvalidRequestException("cursor '" + cursor + "' is not one this service issued", "cursor");
        }
    }
}
