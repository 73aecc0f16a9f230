#!/bin/sh
# Generates a million firings in a PostgreSQL database of its own and times the log analysis on them (see the
# README, "Log analysis"). The database is emptied first: give one made for the benchmark, for example
#   createdb -O log2 log2bench
#   scripts/analysis-bench.sh -Dbench.db=jdbc:postgresql://localhost:5432/log2bench -Dbench.user=log2 -Dbench.password=log2
# Other settings: -Dbench.runs=10000 -Dbench.firings-per-run=100 -Dbench.repeats=5; -Dbench.generate=false
# analyses the log already there, -Dbench.days=7 the last 7 of its 30 days.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
exec mvn -B -q -f "$root/pom.xml" test-compile exec:java -Dexec.classpathScope=test \
    -Dexec.mainClass=io.log2.insights.analysis.AnalysisBenchmark "$@"
