#!/usr/bin/env bash
# Runs a Kafka class with the image's jars, as Kafka's own bin/kafka-run-class.sh does: KAFKA_HEAP_OPTS (default
# -Xmx256M), KAFKA_JVM_PERFORMANCE_OPTS, KAFKA_OPTS, and the tools' log4j2 configuration unless KAFKA_LOG4J_OPTS names
# another (kafka-server-start.sh names the broker's).
set -euo pipefail
heap=${KAFKA_HEAP_OPTS:--Xmx256M}
performance=${KAFKA_JVM_PERFORMANCE_OPTS:--server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}
log4j=${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=/opt/kafka/config/tools-log4j2.properties}
# shellcheck disable=SC2086 # the option variables are word lists
exec java $heap $performance $log4j ${KAFKA_OPTS:-} -cp '/opt/kafka/libs/*' "$@"
