package io.log2.agents.ansible.imports;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The upload limits every import shares ({@code log2.imports.max-bytes}, {@code log2.imports.max-uncompressed-bytes}). */
@ConfigMapping(prefix = "log2.imports")
public interface UploadLimits {

    @WithDefault("104857600")
    long maxBytes();

    @WithDefault("1073741824")
    long maxUncompressedBytes();
}
