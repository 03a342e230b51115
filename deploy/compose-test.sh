#!/usr/bin/env bash
# docker-compose.yml for real on a machine without an image registry (CI here): local stand-ins for the base, Kafka and
# PostgreSQL images built from Debian packages and Parley's own Kafka jars, then the compose file users get.
#
#   deploy/compose-test.sh up [--fresh]     install and start what is missing (docker.io, docker-compose, mmdebstrap,
#                                           dockerd), build the images, bring the stack up, wait until the gateway is
#                                           ready, leave it running; --fresh drops the stack's old containers and data
#   deploy/compose-test.sh test             the black-box test (system-tests' ComposeStackTest): phase 1 against the
#                                           running stack, then `down` and `up` again, then phase 2 (what phase 1 left
#                                           is all still there: users, messages, a ban, a file)
#   deploy/compose-test.sh down [--volumes] stop and remove the containers (--volumes: the data too) and stop the
#                                           Docker daemon if this script started it
#   deploy/compose-test.sh stats            image sizes, time to healthy, memory per container
#
# Environment: PARLEY_GATEWAY_PORT (127.0.0.1:8080: the gateway on the loopback only), COMPOSE_PROJECT_NAME
# (parley-ci), PARLEY_ADMIN_USERNAME / PARLEY_ADMIN_PASSWORD (the admin the test bans with), PARLEY_SKIP_PACKAGE=1
# (use the services' target/quarkus-app as they are, e.g. right after `./mvnw verify`), PARLEY_COMPOSE_STATE (where
# the daemon's pid, logs and the test's state go: deploy/target/compose-test). Every wait has a time limit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
STATE=${PARLEY_COMPOSE_STATE:-$ROOT/deploy/target/compose-test}
mkdir -p "$STATE"

# Debian's docker CLI, never a newer one earlier on the PATH (without its buildx plugin it cannot build); compose v1
# builds through the daemon's API with the classic builder, which needs no plugin either
export PATH="/usr/sbin:/usr/bin:/sbin:/bin:$PATH"
DOCKER=/usr/bin/docker
export COMPOSE_DOCKER_CLI_BUILD=0 DOCKER_BUILDKIT=0
export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-parley-ci}
export PARLEY_GATEWAY_PORT=${PARLEY_GATEWAY_PORT:-127.0.0.1:8080}
export PARLEY_ADMIN_USERNAME=${PARLEY_ADMIN_USERNAME:-compose_admin}
export PARLEY_ADMIN_PASSWORD=${PARLEY_ADMIN_PASSWORD:-compose-test-admin-only}
GATEWAY_URL="http://${PARLEY_GATEWAY_PORT%:*}:${PARLEY_GATEWAY_PORT##*:}"
[[ "$PARLEY_GATEWAY_PORT" == *:* ]] || GATEWAY_URL="http://127.0.0.1:$PARLEY_GATEWAY_PORT"

# the stand-ins, named apart from the official images so that nobody mistakes one for the other
SUITE=bookworm
PG_MAJOR=15
KAFKA_VERSION=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' pom.xml | head -1)
PARLEY_VERSION=$(sed -n '/<artifactId>parley-parent<\/artifactId>/,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
export PARLEY_VERSION
export PARLEY_BASE_IMAGE=parley-ci/base-jre:$SUITE
export KAFKA_IMAGE=parley-ci/kafka:$KAFKA_VERSION
export POSTGRES_IMAGE=parley-ci/postgres:$PG_MAJOR
PG_BASE_IMAGE=parley-ci/base-postgresql:$SUITE
SERVICES=(auth-service chat-service session-service media-service gateway)
CONTAINERS=(kafka postgres "${SERVICES[@]}")

log() { printf '[compose-test %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[compose-test %s] FAILED: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }
compose() { timeout "${COMPOSE_TIMEOUT:-900}" docker-compose -f "$ROOT/docker-compose.yml" "$@"; }

ensure_tools() {
  local missing=()
  [[ -x $DOCKER ]] && command -v dockerd > /dev/null || missing+=(docker.io)
  command -v docker-compose > /dev/null || missing+=(docker-compose)
  command -v mmdebstrap > /dev/null || missing+=(mmdebstrap)
  command -v curl > /dev/null || missing+=(curl)
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    timeout 600 apt-get update -qq || die "apt-get update"
    DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq "${missing[@]}" > "$STATE/apt.log" 2>&1 \
      || { tail -20 "$STATE/apt.log"; die "apt-get install ${missing[*]} (log: $STATE/apt.log)"; }
  fi
}

ensure_daemon() {
  if timeout 20 $DOCKER info > /dev/null 2>&1; then
    return
  fi
  log "starting dockerd (log: $STATE/dockerd.log)"
  # its own session, so that it outlives this script (up leaves the stack running) and down can stop it by its pid
  setsid dockerd > "$STATE/dockerd.log" 2>&1 < /dev/null &
  echo $! > "$STATE/dockerd.pid"
  for _ in $(seq 1 60); do
    timeout 5 $DOCKER info > /dev/null 2>&1 && return
    kill -0 "$(cat "$STATE/dockerd.pid")" 2> /dev/null || break
    sleep 1
  done
  tail -20 "$STATE/dockerd.log" >&2
  die "dockerd did not answer within 60 s"
}

# a Debian root filesystem (minbase plus packages) imported as an image; the image keeps no apt sources, documentation
# or translations (man1 stays as an empty directory: the JRE's update-alternatives links its man page there). The host's apt sources name the mirror: nothing else is reachable here.
debian_image() { # tag, packages
  local tag=$1 packages=$2 sources
  if $DOCKER image inspect "$tag" > /dev/null 2>&1; then
    return
  fi
  sources=
  for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
    [[ -s "$f" ]] && { sources=$f; break; }
  done
  [[ -n "$sources" ]] || die "no apt sources file (/etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list)"
  local work
  work=$(mktemp -d)
  log "building $tag from Debian $SUITE ($packages)"
  if ! timeout 900 mmdebstrap --variant=minbase --include="$packages" \
      --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
      --essential-hook='mkdir -p "$1"/usr/share/man/man1' \
      --customize-hook='rm -f "$1"/etc/apt/sources.list "$1"/etc/apt/sources.list.d/*' \
      --customize-hook='rm -rf "$1"/var/lib/postgresql/*/main "$1"/etc/postgresql/*/main' \
      "$SUITE" "$work/rootfs.tar" "$sources" > "$STATE/mmdebstrap-${tag//[:\/]/_}.log" 2>&1; then
    tail -20 "$STATE/mmdebstrap-${tag//[:\/]/_}.log" >&2
    rm -rf "$work"
    die "mmdebstrap for $tag"
  fi
  timeout 300 $DOCKER import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' --change 'CMD ["bash"]' "$work/rootfs.tar" "$tag" > /dev/null || die "docker import $tag"
  rm -rf "$work"
}

build_standins() {
  # both root filesystems at once: mostly downloads and dpkg, and minutes each
  local pids=() failed=0
  debian_image "$PARLEY_BASE_IMAGE" openjdk-17-jre-headless,ca-certificates & pids+=($!)
  debian_image "$PG_BASE_IMAGE" "postgresql-$PG_MAJOR" & pids+=($!)
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  ((failed == 0)) || die "building the Debian base images"

  log "Kafka $KAFKA_VERSION jars (deploy/docker/kafka/pom.xml)"
  timeout 600 ./mvnw -B -ntp -q -f deploy/docker/kafka/pom.xml package > "$STATE/kafka-jars.log" 2>&1 \
    || { tail -30 "$STATE/kafka-jars.log" >&2; die "copying the Kafka jars"; }
  log "building $KAFKA_IMAGE and $POSTGRES_IMAGE"
  timeout 600 $DOCKER build -q --build-arg BASE_IMAGE="$PARLEY_BASE_IMAGE" --build-arg KAFKA_VERSION="$KAFKA_VERSION" \
    -t "$KAFKA_IMAGE" deploy/docker/kafka > /dev/null || die "docker build $KAFKA_IMAGE"
  timeout 600 $DOCKER build -q --build-arg BASE_IMAGE="$PG_BASE_IMAGE" --build-arg PG_MAJOR="$PG_MAJOR" \
    -t "$POSTGRES_IMAGE" deploy/docker/postgres > /dev/null || die "docker build $POSTGRES_IMAGE"
}

package_services() {
  local missing=()
  for s in "${SERVICES[@]}"; do
    [[ -f "$s/target/quarkus-app/quarkus-run.jar" ]] || missing+=("$s")
  done
  if [[ "${PARLEY_SKIP_PACKAGE:-}" == 1 ]]; then
    ((${#missing[@]} == 0)) || die "no target/quarkus-app in ${missing[*]}: run ./mvnw package -DskipTests first"
    log "using the services' target/quarkus-app as built"
    return
  fi
  log "packaging the five services (./mvnw package -DskipTests; log: $STATE/package.log)"
  timeout 1200 ./mvnw -B -ntp package -DskipTests -pl "$(IFS=,; echo "${SERVICES[*]}")" -am > "$STATE/package.log" 2>&1 \
    || { tail -40 "$STATE/package.log" >&2; die "packaging the services"; }
}

# one line per container of the project: service, health (none without a healthcheck), state, restarts
containers_state() {
  local ids
  ids=$($DOCKER ps -aq --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" 2> /dev/null || true)
  [[ -n "$ids" ]] || return 0
  # shellcheck disable=SC2086 # one argument per id
  $DOCKER inspect --format '{{index .Config.Labels "com.docker.compose.service"}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}} {{.State.Status}} {{.RestartCount}}' $ids 2> /dev/null || true
}

diagnose() {
  compose ps >&2 || true
  local service health state restarts
  while read -r service health state restarts; do
    if [[ "$health" != healthy ]]; then
      printf '\n===== %s (%s, %s, restarted %s times): last log lines =====\n' "$service" "$health" "$state" "$restarts" >&2
      compose logs --no-color --tail=60 "$service" >&2 || true
    fi
  done < <(containers_state)
}

# `docker-compose up -d` in the background (it waits for each health condition before starting what depends on it);
# meanwhile every container's first healthy report is timed from the start of `up` (the images' HEALTHCHECK: readiness
# on the management port, not published), until the gateway answers /api/auth/jwks on the published port. Everything
# within a time limit.
start_stack() {
  local since limit=${PARLEY_UP_TIMEOUT:-480} up_pid ready=0 retried=0 service health state restarts
  declare -A healthy_at=()
  since=$(date +%s)
  log "docker-compose up (project $COMPOSE_PROJECT_NAME, gateway on $PARLEY_GATEWAY_PORT)"
  COMPOSE_TIMEOUT=$limit compose up -d --no-build > "$STATE/up.log" 2>&1 &
  up_pid=$!
  while (($(date +%s) < since + limit)); do
    if [[ -n "$up_pid" ]] && ! kill -0 "$up_pid" 2> /dev/null; then
      if wait "$up_pid"; then
        up_pid=
      elif ((retried == 0)); then
        # up gives up on the first dependency reported unhealthy, also one that its restart policy brings back (a
        # service that stopped at start on a starved machine): once more, the containers already running are kept
        retried=1
        log "docker-compose up failed, once more: $(grep -E 'ERROR|unhealthy' "$STATE/up.log" | tr '\n' ' ')"
        COMPOSE_TIMEOUT=$limit compose up -d --no-build >> "$STATE/up.log" 2>&1 &
        up_pid=$!
      else
        cat "$STATE/up.log" >&2
        diagnose
        die "docker-compose up"
      fi
    fi
    while read -r service health state restarts; do
      [[ -n "$service" && -z "${healthy_at[$service]:-}" ]] || continue
      if [[ "$health" == healthy ]]; then
        healthy_at[$service]=$(($(date +%s) - since))
      elif [[ "$state" == dead ]] || ((restarts > 3)); then
        diagnose
        die "$service does not start ($health, $state, restarted $restarts times)"
      fi
    done < <(containers_state)
    if [[ -z "$up_pid" ]] && ((${#healthy_at[@]} == ${#CONTAINERS[@]})) \
        && curl -fsS --max-time 5 "$GATEWAY_URL/api/auth/jwks" > /dev/null 2>&1; then
      ready=1
      break
    fi
    sleep 1
  done
  if ((ready == 0)); then
    [[ -n "$up_pid" ]] && kill "$up_pid" 2> /dev/null
    cat "$STATE/up.log" >&2
    diagnose
    die "the stack was not ready within $limit s (gateway: $GATEWAY_URL/api/auth/jwks)"
  fi
  {
    printf '%s healthy after (s from docker-compose up):' "$(date -u +%FT%TZ)"
    for c in "${CONTAINERS[@]}"; do printf ' %s=%s' "$c" "${healthy_at[$c]:-?}"; done
    printf '; gateway ready at %s after %s s\n' "$GATEWAY_URL" "$(($(date +%s) - since))"
  } | tee -a "$STATE/healthy.log"
}

stop_stack() { # extra down arguments
  log "docker-compose down $*"
  COMPOSE_TIMEOUT=300 compose down --remove-orphans "$@" > "$STATE/down.log" 2>&1 \
    || { cat "$STATE/down.log" >&2; die "docker-compose down"; }
}

cmd_up() {
  local fresh=0
  [[ "${1:-}" == --fresh ]] && fresh=1
  ensure_tools
  ensure_daemon
  if ((fresh)); then
    stop_stack --volumes
  fi
  build_standins
  package_services
  log "building the service images (deploy/docker/Dockerfile.jvm on $PARLEY_BASE_IMAGE; log: $STATE/build.log)"
  compose build > "$STATE/build.log" 2>&1 || { tail -40 "$STATE/build.log" >&2; die "docker-compose build"; }
  start_stack
  log "up: $GATEWAY_URL/ (down: deploy/compose-test.sh down [--volumes])"
}

run_test_phase() { # phase
  log "ComposeStackTest, phase $1 (log: $STATE/test-$1.log)"
  # parley.secure.skip: system-tests' second execution (the guarantees on the secure devstack) would run
  # ComposeStackTest a second time in the same phase, against the state the first run left
  if ! timeout 900 ./mvnw -B -ntp -pl system-tests -am test -Dtest=ComposeStackTest -Dparley.secure.skip=true \
      -Dsurefire.failIfNoSpecifiedTests=false -Dparley.compose.url="$GATEWAY_URL" -Dparley.compose.phase="$1" \
      -Dparley.compose.state="$STATE/test-state.properties" -Dparley.compose.admin.username="$PARLEY_ADMIN_USERNAME" \
      -Dparley.compose.admin.password="$PARLEY_ADMIN_PASSWORD" > "$STATE/test-$1.log" 2>&1; then
    grep -E 'Tests run|FAIL|ERROR|AssertionError|expected' "$STATE/test-$1.log" | head -40 >&2 || true
    diagnose
    die "ComposeStackTest phase $1 (whole log: $STATE/test-$1.log)"
  fi
  grep -E 'Tests run:|ComposeStackTest' "$STATE/test-$1.log" | grep -v '^\[INFO\] Running' | tail -3 || true
}

cmd_test() {
  timeout 20 $DOCKER info > /dev/null 2>&1 || die "no Docker daemon: run deploy/compose-test.sh up first"
  curl -fsS --max-time 5 "$GATEWAY_URL/api/auth/jwks" > /dev/null 2>&1 || die "the gateway at $GATEWAY_URL is not ready: run deploy/compose-test.sh up first"
  rm -f "$STATE/test-state.properties"
  run_test_phase before
  cmd_stats
  log "restart: down (volumes kept) and up again"
  stop_stack
  start_stack
  run_test_phase after
  log "the compose test passed"
}

cmd_down() {
  local args=()
  [[ "${1:-}" == --volumes ]] && args+=(--volumes)
  if timeout 20 $DOCKER info > /dev/null 2>&1 && command -v docker-compose > /dev/null; then
    stop_stack "${args[@]}"
  fi
  if [[ -f "$STATE/dockerd.pid" ]]; then
    local pid
    pid=$(cat "$STATE/dockerd.pid")
    if kill -0 "$pid" 2> /dev/null; then
      log "stopping the dockerd this script started (pid $pid)"
      kill "$pid"
      for _ in $(seq 1 30); do kill -0 "$pid" 2> /dev/null || break; sleep 1; done
      kill -0 "$pid" 2> /dev/null && { log "dockerd still running after 30 s: SIGKILL"; kill -9 "$pid" || true; }
    fi
    rm -f "$STATE/dockerd.pid"
  fi
}

cmd_stats() {
  log "images"
  $DOCKER image ls --format '{{.Repository}}:{{.Tag}}\t{{.Size}}' | grep -E '^parley' | sort || true
  log "containers (docker stats --no-stream)"
  local ids
  ids=$(compose ps -q 2> /dev/null | tr '\n' ' ')
  [[ -n "${ids// /}" ]] && $DOCKER stats --no-stream --format '{{.Name}}\t{{.MemUsage}}\t{{.CPUPerc}}' $ids || true
  [[ -f "$STATE/healthy.log" ]] && tail -2 "$STATE/healthy.log" || true
}

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  test) cmd_test ;;
  down) shift; cmd_down "$@" ;;
  stats) cmd_stats ;;
  *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
