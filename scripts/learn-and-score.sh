#!/bin/sh
# Learns decision-table rows from a labelled folder of metric series and scores them on another (see the README,
# "Measured quality"). Builds the project's classes if needed, then runs io.log2.agents.awsusage.eval.LearnAndScore
# with the arguments given, for example:
#   scripts/learn-and-score.sh --train ../shared/data/nab-aws --apply ../shared/data/nab-aws --out alerts.json
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
mvn -B -q -f "$root/pom.xml" compile dependency:build-classpath -Dmdep.outputFile="$root/target/learn-and-score.classpath" >/dev/null
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -cp "$root/target/classes:$(cat "$root/target/learn-and-score.classpath")" \
    io.log2.agents.awsusage.eval.LearnAndScore --rules "$root/rules/aws-usage" "$@"
