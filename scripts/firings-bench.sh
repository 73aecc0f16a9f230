#!/bin/sh
# GET /api/firings over HTTP (HTTP Basic included) on ten million firing rows in PostgreSQL: generates the rows in
# SQL when the table holds fewer, starts the service on that database, prints p50/p95 of each filter alone and of
# agent+rule+time, first page and a deep page by cursor, then the EXPLAIN ANALYZE plan of each query. Give it a
# database made for the benchmark (its rows stay for the next run):
#   createdb -O log2 log2bench
#   mvn -B package -DskipTests -Dquarkus.profile=pg      # the service built for PostgreSQL
#   BENCH_DB=jdbc:postgresql://localhost:5432/log2bench scripts/firings-bench.sh
# BENCH_DB_USER (log2), BENCH_DB_PASSWORD (log2), PORT (8088), APP (target/quarkus-app) and -D options passed on
# (-Dbench.rows=10000000 -Dbench.requests=200 -Dbench.warmups=20 -Dbench.max-warmups=1000 -Dbench.jit-quiet=0.02
# -Dbench.seconds=20 -Dbench.plans=false) change it: warm-up rounds go on past bench.warmups until the service's JIT
# compiler threads spent at most bench.jit-quiet of 2 s of them;
# each query is measured for up to bench.requests requests, at least 20, and no longer than bench.seconds after that.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
db=${BENCH_DB:-jdbc:postgresql://localhost:5432/log2bench}
db_user=${BENCH_DB_USER:-log2}
db_password=${BENCH_DB_PASSWORD:-log2}
port=${PORT:-8088}
app=${APP:-"$root/target/quarkus-app"}
admin_password=firings-bench-admin
bench() {
    mvn -B -q -f "$root/pom.xml" test-compile exec:java -Dexec.classpathScope=test \
        -Dexec.mainClass=io.log2.bench.FiringQueryBenchmark -Dbench.db="$db" -Dbench.db-user="$db_user" \
        -Dbench.db-password="$db_password" "$@"
}
# Migrates and generates first, so the service starts on the full table.
bench -Dbench.generate-only=true "$@"
work=$(mktemp -d)
cp -r "$root/rules" "$work/rules"
cd "$work"
QUARKUS_PROFILE=pg LOG2_DB_URL="$db" LOG2_DB_USER="$db_user" LOG2_DB_PASSWORD="$db_password" \
    LOG2_ADMIN_PASSWORD="$admin_password" java -Dquarkus.http.port="$port" -jar "$app/quarkus-run.jar" > "$work/service.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/q/health/ready")" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { echo "the service stopped; its log: $work/service.log" >&2; exit 1; }
    sleep 0.5
done
cd "$root"
bench -Dbench.url="http://localhost:$port" -Dbench.password="$admin_password" -Dbench.service-pid="$pid" "$@"
