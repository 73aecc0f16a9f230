#!/bin/sh
# What PostgreSQL spends storing a firing, part by part: takes the firings the capture benchmark left in its database
# (CaptureBenchmark with -Dbench.db; at a 10% fire rate it leaves 98,425), repeats them to at least 90,000 rows, and
# COPYs them from psql into scratch tables in a schema of their own, four times per layout, printing each COPY's time:
# the firing table as the migrations make it (partitioned by day, primary key and five secondary indexes), without
# any index, with the primary key alone, with the primary key and each secondary index alone, with the time index
# folded into the primary key, and with the matched facts and bound values left out. The schema is dropped at the end.
#   scripts/firing-copy-costs.sh                      # psql's defaults: PGDATABASE=log2cap PGUSER=log2 ...
#   PGDATABASE=log2cap PGUSER=log2 PGPASSWORD=log2 PGHOST=localhost scripts/firing-copy-costs.sh
set -eu
export PGDATABASE=${PGDATABASE:-log2cap} PGUSER=${PGUSER:-log2} PGPASSWORD=${PGPASSWORD:-log2} PGHOST=${PGHOST:-localhost}
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
work=$(mktemp -d)
trap 'rm -rf "$work"; psql -q -c "DROP SCHEMA IF EXISTS firing_copy_costs CASCADE" >/dev/null 2>&1 || true' EXIT
columns="run_id, seq, agent, version, rule, package_name, file, source_row, resource, facts, bindings, fired_at, duration_nanos, error, finding_id"
psql -q -c "\\copy (SELECT $columns FROM firing ORDER BY id) TO '$work/once.txt'"
once=$(wc -l < "$work/once.txt")
[ "$once" -gt 0 ] || { echo "no firings in $PGDATABASE: run the capture benchmark on it first" >&2; exit 1; }
: > "$work/rows.txt"
while [ "$(wc -l < "$work/rows.txt")" -lt 90000 ]; do cat "$work/once.txt" >> "$work/rows.txt"; done
# the same rows with no matched facts and no bound values (columns 10 and 11)
awk -F'\t' -v OFS='\t' '{ $10 = "\\N"; $11 = "\\N"; print }' "$work/rows.txt" > "$work/nofacts.txt"
rows=$(wc -l < "$work/rows.txt")
echo "$rows firings ($once from $PGDATABASE, repeated), $(($(wc -c < "$work/rows.txt") / rows)) bytes a row as text; COPY time of each try, ms:"

# $1 label, $2 rows file, $3 statements after CREATE TABLE (indexes)
layout() {
    printf '%-44s' "$1"
    for try in 1 2 3 4; do
        psql -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
DROP SCHEMA IF EXISTS firing_copy_costs CASCADE;
CREATE SCHEMA firing_copy_costs;
SET search_path = firing_copy_costs;
CREATE TABLE firing (LIKE public.firing INCLUDING DEFAULTS INCLUDING IDENTITY) PARTITION BY RANGE (fired_at);
CREATE TABLE firing_default PARTITION OF firing DEFAULT;
$3
SQL
        ms=$(psql -q -v ON_ERROR_STOP=1 -c "SET search_path = firing_copy_costs" -c "\\timing on" \
            -c "\\copy firing ($columns) FROM '$2'" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1)
        [ -n "$ms" ] || { echo; echo "COPY failed for layout: $1" >&2; exit 1; }
        printf ' %9s' "$ms"
    done
    echo
}
pk="ALTER TABLE firing ADD PRIMARY KEY (id, fired_at);"
all="$pk CREATE INDEX ON firing (run_id, seq); CREATE INDEX ON firing (fired_at, id); CREATE INDEX ON firing (agent, fired_at, id);
CREATE INDEX ON firing (rule, fired_at, id); CREATE INDEX ON firing (resource, fired_at, id);"
layout "as the migrations make it (6 indexes)" "$work/rows.txt" "$all"
layout "no index" "$work/rows.txt" ""
layout "primary key alone" "$work/rows.txt" "$pk"
for ix in "run_id, seq" "fired_at, id" "agent, fired_at, id" "rule, fired_at, id" "resource, fired_at, id"; do
    layout "primary key + ($ix)" "$work/rows.txt" "$pk CREATE INDEX ON firing ($ix);"
done
layout "primary key (fired_at, id), no time index" "$work/rows.txt" "ALTER TABLE firing ADD PRIMARY KEY (fired_at, id);
CREATE INDEX ON firing (run_id, seq); CREATE INDEX ON firing (agent, fired_at, id); CREATE INDEX ON firing (rule, fired_at, id);
CREATE INDEX ON firing (resource, fired_at, id);"
layout "6 indexes, no facts or bound values" "$work/nofacts.txt" "$all"
