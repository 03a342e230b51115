#!/usr/bin/env bash
# The stand-in's entry point: the official image's docker-entrypoint.sh for the case docker-compose.yml uses (a
# non-root start). The first start initialises PGDATA with POSTGRES_USER as superuser and POSTGRES_PASSWORD, creates
# POSTGRES_DB, runs /docker-entrypoint-initdb.d on a server listening only on its socket, then starts for real.
set -euo pipefail

if [[ "${1:-}" != postgres ]]; then
  exec "$@"
fi

user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}
auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}

if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  if [[ -z "${POSTGRES_PASSWORD:-}" && "$auth" != trust ]]; then
    echo "Error: the database is uninitialised and POSTGRES_PASSWORD is not set (or POSTGRES_HOST_AUTH_METHOD=trust)" >&2
    exit 1
  fi
  echo "===> initdb of $PGDATA (superuser $user)"
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a word list
  initdb --username="$user" --pwfile=<(printf '%s\n' "${POSTGRES_PASSWORD:-}") --auth-local=trust \
    --auth-host="$auth" --encoding=UTF8 ${POSTGRES_INITDB_ARGS:-} -D "$PGDATA"
  printf '\nhost all all all %s\n' "$auth" >> "$PGDATA/pg_hba.conf"

  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w -t 60 start
  psql=(psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$user" --dbname postgres)
  if [[ "$db" != postgres ]]; then
    "${psql[@]}" -c "CREATE DATABASE \"$db\""
  fi
  psql+=(--dbname "$db")
  shopt -s nullglob
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) echo "===> running $f"; if [[ -x "$f" ]]; then "$f"; else . "$f"; fi ;;
      *.sql) echo "===> running $f"; "${psql[@]}" -f "$f" ;;
      *.sql.gz) echo "===> running $f"; gunzip -c "$f" | "${psql[@]}" ;;
      *) echo "===> ignoring $f" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w -t 60 stop
  echo "===> PostgreSQL init process complete; ready for start up."
fi

exec postgres -c listen_addresses='*' "${@:2}"
