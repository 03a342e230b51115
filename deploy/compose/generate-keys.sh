#!/bin/sh
# The compose stack's own secrets, made on the first `up` by the one-shot `keys` service of docker-compose.yml into
# named volumes (never into this repository) and kept there until `down --volumes`:
#   internal-private/private.pem   EC P-256 PKCS#8 key the gateway signs its /internal/* calls with
#                                  (PARLEY_INTERNAL_PRIVATE_KEY_LOCATION; mounted into the gateway only)
#   internal-public/public.pem     its public half, derived from it on every run so the pair always matches
#                                  (PARLEY_INTERNAL_PUBLIC_KEY_LOCATION; mounted into chat-service and session-service)
#   auth-config/application.properties
#                                  parley.auth.keys.encryption-key, base64 of 32 random bytes: the key auth-service
#                                  encrypts the signing keys it generates with. Mounted at auth-service's
#                                  <WORKDIR>/config, which Quarkus reads at start-up (a value from a file, not from
#                                  the compose file's environment, so it is made here and not written in any file
#                                  of the repository)
# A key that is already there is kept: a new encryption key would make the stored signing keys unreadable.
# Needs openssl (the services' base image has it: ca-certificates depends on it). PARLEY_KEYS_DIR (default /run/parley)
# is where the three volumes are mounted; as root the files are given to the services' user 185.
set -eu
umask 077
dir=${PARLEY_KEYS_DIR:-/run/parley}
private=$dir/internal-private/private.pem
public=$dir/internal-public/public.pem
auth=$dir/auth-config/application.properties

if [ ! -s "$private" ]; then
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$private.new" 2> /dev/null
  mv "$private.new" "$private"
  echo "keys: made a new /internal key pair"
fi
openssl pkey -in "$private" -pubout -out "$public.new"
mv "$public.new" "$public"

if [ ! -s "$auth" ]; then
  key=$(openssl rand -base64 32)
  printf '# made by deploy/compose/generate-keys.sh; losing it makes the signing keys stored in auth unreadable\nparley.auth.keys.encryption-key=%s\n' "$key" > "$auth.new"
  mv "$auth.new" "$auth"
  echo "keys: made auth-service's key-encryption key"
fi

if [ "$(id -u)" = 0 ]; then
  chown 185:0 "$private" "$public" "$auth"
fi
chmod 0400 "$private" "$auth"
chmod 0444 "$public"
echo "keys: ready"
