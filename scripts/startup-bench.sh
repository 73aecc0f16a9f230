#!/bin/sh
# Start-up to ready and resident memory of the packaged service with its defaults (embedded H2, the bundled rules and
# samples), each start in a fresh folder of its own so the database starts empty and the samples are loaded.
# Prints, per start: milliseconds from launch until /q/health/ready answers 200 (every agent's rules are active by
# then), VmRSS then, and the time and VmRSS once the bundled samples are in.
#   scripts/startup-bench.sh            # 3 starts on port 8089
#   STARTS=5 PORT=8090 JAVA_OPTS="-XX:TieredStopAtLevel=1" scripts/startup-bench.sh
# Builds target/quarkus-app first when it is missing (mvn package -DskipTests); JAR=<path> starts another build.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
starts=${STARTS:-3}
port=${PORT:-8089}
java_opts=${JAVA_OPTS:-}
jar=${JAR:-"$root/target/quarkus-app/quarkus-run.jar"}
if [ ! -f "$jar" ]; then
    mvn -B -q -f "$root/pom.xml" package -DskipTests
fi
now_ms() { date +%s%3N; }
rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
echo "java: $(java -version 2>&1 | head -1); JAVA_OPTS: ${java_opts:-none}; cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
i=1
while [ "$i" -le "$starts" ]; do
    work=$(mktemp -d)
    cp -r "$root/rules" "$work/rules"
    cd "$work"
    t0=$(now_ms)
    # shellcheck disable=SC2086
    java $java_opts -Dquarkus.http.port="$port" -jar "$jar" > "$work/service.log" 2>&1 &
    pid=$!
    ready=""
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/q/health/ready")" = 200 ]; then
            ready=$(( $(now_ms) - t0 ))
            break
        fi
        sleep 0.05
    done
    if [ -z "$ready" ]; then
        echo "start $i: the service stopped before it was ready; its log: $work/service.log" >&2
        exit 1
    fi
    rss_ready=$(rss_mb "$pid")
    # The samples go in after ready, in the background: wait for their log line (at most 120 s).
    waited=0
    while ! grep -q "loaded the bundled sample data" "$work/service.log" && [ "$waited" -lt 1200 ]; do
        sleep 0.1; waited=$((waited + 1))
    done
    samples=$(( $(now_ms) - t0 ))
    rss_settled=$(rss_mb "$pid")
    echo "start $i: ready after $ready ms (VmRSS $rss_ready MB); samples loaded after $samples ms (VmRSS $rss_settled MB)"
    kill "$pid"; wait "$pid" 2>/dev/null || true
    cd "$root"; rm -rf "$work"
    i=$((i + 1))
done
