package io.log2.agents.ansible.imports;

import io.log2.imports.ImportRejectedException;

/**
 * The shared upload checks speak of CSV exports, which the cost imports read; a playbook result is JSON, so their
 * refusals are told in those words here, with the same status and place.
 */
final class ForJson {

    private ForJson() {
    }

    static ImportRejectedException reworded(ImportRejectedException e) {
        String message = e.getMessage();
        if (message == null || !message.contains("CSV")) {
            return e;
        }
        String json = message
                .replace("expected a CSV text export, plain or gzip-compressed", "expected a playbook result as JSON text, plain or gzip-compressed")
                .replace("expected a CSV export in UTF-8", "expected a playbook result as JSON in UTF-8")
                .replace("unzip it and send the CSV inside (plain or gzip-compressed)", "unzip it and send the JSON result inside (plain or gzip-compressed)")
                .replace("a Parquet file: only CSV exports are read; choose CSV (optionally gzip) as the export format", "a Parquet file: send the JSON result of the playbook run")
                .replace("compress the CSV once", "compress the JSON once")
                .replace("save the export as UTF-8", "save the result as UTF-8");
        return new ImportRejectedException(e.status(), e.where(), json);
    }
}
