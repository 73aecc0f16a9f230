package io.log2.agents.awsusage.imports;

import io.log2.imports.ImportRejectedException;

/** Reads the data rows of one kind of export; made per file, after its header has been checked. */
interface RowReader {

    /** Takes one row: keeps it, counts it as refused, or throws {@link ImportRejectedException} if it cannot be read. */
    void read(ExportRow row);

    ImportResult result(String file, int rowsRead);
}
