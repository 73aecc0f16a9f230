#!/usr/bin/env bash
# Reads a synthetic json-callback result of HOSTS x TASKS results into facts and evaluates the shipped ansible rules,
# in process, REPEATS times: prints the results, size, read time (MB/s), evaluation time and findings.
# Usage: scripts/ansible-bench.sh [HOSTS] [TASKS] [REPEATS]   (defaults 200 100 5: 20,000 results)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.log2.agents.ansible.AnsibleReadBenchmark \
  -Dbench.hosts="${1:-200}" -Dbench.tasks="${2:-100}" -Dbench.repeats="${3:-5}"
