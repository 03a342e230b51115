#!/usr/bin/env bash
# Grants Parley's least-privilege Kafka ACL table (docs/security.md, "Kafka ACLs") on a cluster with an authorizer,
# through Kafka's own kafka-acls.sh. Idempotent: an ACL that exists already is left as it is. It grants, it never
# removes: to take back what an older table granted, use kafka-acls.sh --remove.
#
#   BOOTSTRAP=broker:9093 COMMAND_CONFIG=admin.properties deploy/kafka/acls.sh
#
# BOOTSTRAP       the cluster's bootstrap servers
# COMMAND_CONFIG  client properties of a principal allowed to create ACLs (security.protocol, sasl.*, ssl.*)
# KAFKA_ACLS      the kafka-acls command (default: kafka-acls.sh on PATH; e.g. /opt/kafka/bin/kafka-acls.sh)
# PRINCIPAL_<name with - as _>  another principal for one of ours where the cluster names its users itself, e.g.
#                 PRINCIPAL_parley_chat=User:sa-abc123 (Confluent Cloud service accounts); default User:<name>
# PARLEY_KAFKA_PREFIX  the release's prefix (the services' PARLEY_KAFKA_PREFIX, Helm's kafka.prefix; default none):
#                 every topic, group and transactional-id resource below gets it, so a release's principals reach
#                 only its own names. Two releases on one cluster: run this once per release with its prefix (and
#                 its own principals through PRINCIPAL_*)
#
# The table is the devstack's (devstack/.../KafkaAcls.java); the deploy module's KafkaAclFilesTest runs this script
# with KAFKA_ACLS=echo and checks that it grants exactly that table.
set -euo pipefail

: "${BOOTSTRAP:?set BOOTSTRAP to the bootstrap servers of the cluster}"
: "${COMMAND_CONFIG:?set COMMAND_CONFIG to the client properties file of an ACL administrator}"
KAFKA_ACLS=${KAFKA_ACLS:-kafka-acls.sh}
PREFIX=${PARLEY_KAFKA_PREFIX:-}
if [[ ! $PREFIX =~ ^[a-zA-Z0-9._-]*$ ]]; then
  echo "PARLEY_KAFKA_PREFIX \"$PREFIX\" is not a legal Kafka topic prefix: only ASCII letters, digits, '.', '_' and '-'" >&2
  exit 2
fi

# acl NAME ARGS...: allow NAME's principal from any host what ARGS (operations, resource) say, the resource's name
# under the prefix
acl() {
  local name=$1
  shift
  local variable="PRINCIPAL_${name//-/_}"
  local principal=${!variable:-User:$name}
  local args=()
  while (($#)); do
    case $1 in
      --topic | --group | --transactional-id) args+=("$1" "$PREFIX$2"); shift 2 ;;
      *) args+=("$1"); shift ;;
    esac
  done
  "$KAFKA_ACLS" --bootstrap-server "$BOOTSTRAP" --command-config "$COMMAND_CONFIG" --add \
    --allow-principal "$principal" --allow-host '*' "${args[@]}"
}

# parley-gateway
acl parley-gateway --operation Write --operation Create --topic chat.commands
acl parley-gateway --operation Write --operation Read --operation Create --topic chat.ephemeral
acl parley-gateway --operation Write --operation Create --topic session.events
acl parley-gateway --operation Read --operation Create --topic chat.events
acl parley-gateway --operation Read --operation Create --topic user.events
acl parley-gateway --operation Read --operation Create --topic gateway.replies
acl parley-gateway --operation Read --operation Create --topic presence.events
acl parley-gateway --operation Read --operation Create --topic session.commands
acl parley-gateway --operation Read --operation Create --topic call.events
acl parley-gateway --operation Read --operation Create --topic auth.users
acl parley-gateway --operation Read --group gateway- --resource-pattern-type prefixed

# parley-auth
acl parley-auth --operation Write --operation Create --topic auth.users
acl parley-auth --operation Write --operation Read --operation Create --topic session.commands
acl parley-auth --operation Read --group auth-service

# parley-chat
acl parley-chat --operation Write --operation Read --operation Create --topic chat.events
acl parley-chat --operation Write --operation Create --topic user.events
acl parley-chat --operation Write --operation Create --topic gateway.replies
acl parley-chat --operation Read --operation Create --topic chat.commands
acl parley-chat --operation Read --operation Create --topic auth.users
acl parley-chat --operation Read --operation Create --topic media.events
acl parley-chat --operation Read --group chat-service
acl parley-chat --operation Read --group chat-service-subscriptions
acl parley-chat --operation Read --group chat-service-users- --resource-pattern-type prefixed
acl parley-chat --operation Read --group chat-service-media- --resource-pattern-type prefixed
acl parley-chat --operation Write --operation Describe --transactional-id parley-chat-relay- --resource-pattern-type prefixed

# parley-session
acl parley-session --operation Write --operation Create --topic session.commands
acl parley-session --operation Write --operation Create --topic presence.events
acl parley-session --operation Write --operation Create --topic call.events
acl parley-session --operation Write --operation Create --topic gateway.replies
acl parley-session --operation Read --operation Create --topic session.events
acl parley-session --operation Read --operation Create --topic auth.users
acl parley-session --operation Read --operation Create --topic chat.events
acl parley-session --operation Read --operation Create --topic user.events
acl parley-session --operation Read --group session-service
acl parley-session --operation Read --group session-service-calls
acl parley-session --operation Read --group session-service-bans- --resource-pattern-type prefixed

# parley-media
acl parley-media --operation Write --operation Create --topic media.events
acl parley-media --operation Read --operation Create --topic chat.events
acl parley-media --operation Read --operation Create --topic auth.users
acl parley-media --operation Read --group media-service
acl parley-media --operation Read --group media-service- --resource-pattern-type prefixed
