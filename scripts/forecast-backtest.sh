#!/bin/sh
# Backtests the cost forecast on cost exports (see the README, "Cost forecasts"): rolling origins, MAPE and interval
# coverage of the model against the seasonal naive forecast, for a week, a month and a quarter ahead. Builds the
# project's classes if needed, then runs io.log2.agents.awsusage.forecast.ForecastBacktestCommand, for example:
#   scripts/forecast-backtest.sh ../shared/data/focus/focus_sample.csv ../shared/data/cur/*.csv
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
mvn -B -q -f "$root/pom.xml" compile dependency:build-classpath -Dmdep.outputFile="$root/target/forecast-backtest.classpath" >/dev/null
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -cp "$root/target/classes:$(cat "$root/target/forecast-backtest.classpath")" \
    io.log2.agents.awsusage.forecast.ForecastBacktestCommand "$@"
