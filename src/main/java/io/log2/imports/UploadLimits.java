package io.log2.imports;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The upload limits every agent's imports share: {@code log2.imports.max-bytes} bounds the bytes received (compressed
 * or not), {@code log2.imports.max-uncompressed-bytes} the content once inflated, a bound against gzip bombs.
 */
@ConfigMapping(prefix = "log2.imports")
public interface UploadLimits {

    @WithDefault("104857600")
    long maxBytes();

    @WithDefault("1073741824")
    long maxUncompressedBytes();
}
