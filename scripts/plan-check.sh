#!/bin/sh
# Checks a Terraform plan with the terraform agent's rules (see the README, "The terraform agent"), in-process: the
# rules in rules/terraform/ are compiled with the service's compiler and policy checks; nothing is logged. Builds the
# project's classes if needed, then runs io.log2.agents.terraform.pipeline.PlanCheckCommand, for example:
#   terraform show -json plan.tfplan > plan.json
#   scripts/plan-check.sh plan.json --severity high --sarif plan.sarif --junit plan-junit.xml
# Exit status: 0 no finding at or above the severity (default high), 1 at least one, 2 the plan or rules unreadable.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
mvn -B -q -f "$root/pom.xml" compile dependency:build-classpath -Dmdep.outputFile="$root/target/plan-check.classpath" >/dev/null
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dorg.jboss.logmanager.nocolor=true \
    -cp "$root/target/classes:$(cat "$root/target/plan-check.classpath")" \
    io.log2.agents.terraform.pipeline.PlanCheckCommand --rules "$root/rules/terraform" "$@"
