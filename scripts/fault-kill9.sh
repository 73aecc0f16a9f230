#!/usr/bin/env bash
# The kill -9 fault: builds the service for one database, starts it, drives a bounded load of concurrent clients
# posting runs, kills the service with SIGKILL in the middle of it, starts it again and checks that every run
# answered 200 before the kill is complete after the restart (run row, findings, all firings).
#
#   scripts/fault-kill9.sh            # H2, the embedded default (a fresh database under target/fault-kill9-h2)
#   LOG2_DB_URL=jdbc:postgresql://localhost:5432/log2fault LOG2_DB_USER=log2 LOG2_DB_PASSWORD=log2 \
#     scripts/fault-kill9.sh pg       # PostgreSQL: use an empty database
#
# Further -D settings are passed on, e.g. -Dfault.clients=8 -Dfault.kill-after-ms=10000 (see KillNineFault).
set -euo pipefail
cd "$(dirname "$0")/.."

db=${1:-h2}
shift || true
case $db in
    h2)
        mvn -B -q package -DskipTests
        rm -rf target/fault-kill9-h2
        props=(-Dfault.dir=target/fault-kill9-h2)
        ;;
    pg)
        : "${LOG2_DB_URL:?set LOG2_DB_URL, LOG2_DB_USER and LOG2_DB_PASSWORD to an empty PostgreSQL database}"
        mvn -B -q package -DskipTests -Dquarkus.profile=pg
        rm -rf target/fault-kill9-pg
        props=(-Dfault.dir=target/fault-kill9-pg -Dfault.pg=true)
        ;;
    *)
        echo "usage: $0 [h2|pg] [-Dfault.setting=value ...]" >&2
        exit 2
        ;;
esac
mvn -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.log2.faults.KillNineFault "${props[@]}" "$@"
