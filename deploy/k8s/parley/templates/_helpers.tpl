{{/* Prefix of every resource name: <release>-parley, or the release name when it already contains "parley". */}}
{{- define "parley.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of one service's resources (Deployment, Service, ...); call with (list $ "gateway"). */}}
{{- define "parley.serviceName" -}}
{{- $root := index . 0 -}}
{{- printf "%s-%s" (include "parley.fullname" $root) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "parley.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ default .Chart.Name .Values.nameOverride }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: parley
{{- end -}}

{{/* Selector of one service's pods; call with (list $ "gateway"). Never changes after install (selectors are immutable). */}}
{{- define "parley.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ default $root.Chart.Name $root.Values.nameOverride }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* In-cluster base URL of a service, e.g. http://parley-auth-service:8081; call with (list $ "auth-service"). */}}
{{- define "parley.serviceUrl" -}}
{{- $root := index . 0 -}}
{{- $svc := index $root.Values.services (index . 1) -}}
{{- printf "http://%s:%v" (include "parley.serviceName" .) $svc.port -}}
{{- end -}}

{{- define "parley.databaseSecretName" -}}
{{- default (printf "%s-database" (include "parley.fullname" .)) .Values.postgresql.auth.existingSecret -}}
{{- end -}}

{{- define "parley.jwtSecretName" -}}
{{- default (printf "%s-jwt" (include "parley.fullname" .)) .Values.jwt.existingSecret -}}
{{- end -}}

{{/* true when auth-service gets a JWT key pair (given in values or in an existing Secret that holds one) */}}
{{- define "parley.jwtEnabled" -}}
{{- if or (and .Values.jwt.existingSecret .Values.jwt.existingSecretHasKeyPair) (and (not .Values.jwt.existingSecret) .Values.jwt.privateKey) -}}true{{- end -}}
{{- end -}}

{{- define "parley.adminSecretName" -}}
{{- default (printf "%s-admin" (include "parley.fullname" .)) .Values.admin.existingSecret -}}
{{- end -}}

{{/* true when auth-service creates a first admin (given in values or in an existing Secret) */}}
{{- define "parley.adminEnabled" -}}
{{- if or .Values.admin.existingSecret .Values.admin.username -}}true{{- end -}}
{{- end -}}

{{/* the Secret with the OpenID Connect providers' client secrets (key <id>-client-secret) */}}
{{- define "parley.oidcSecretName" -}}
{{- default (printf "%s-oidc" (include "parley.fullname" .)) .Values.oidc.existingSecret -}}
{{- end -}}

{{/* true when some provider has a client secret, in values or in an existing Secret */}}
{{- define "parley.oidcSecrets" -}}
{{- if .Values.oidc.existingSecret -}}true{{- else -}}
{{- range $id, $p := .Values.oidc.providers -}}{{- if $p.clientSecret -}}true{{- end -}}{{- end -}}
{{- end -}}
{{- end -}}

{{- define "parley.mediaSecretName" -}}
{{- default (printf "%s-media" (include "parley.fullname" .)) .Values.media.existingSecret -}}
{{- end -}}

{{- define "parley.image" -}}
{{- $root := index . 0 -}}
{{- printf "%s/%s:%s" $root.Values.image.repository (index . 1) (default $root.Chart.AppVersion $root.Values.image.tag) -}}
{{- end -}}

{{- define "parley.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "parley.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* the claim of media-service's filesystem store: an existing one, or the chart's own */}}
{{- define "parley.mediaClaimName" -}}
{{- default (include "parley.serviceName" (list . "media-service")) .Values.media.persistence.existingClaim -}}
{{- end -}}

{{- define "parley.s3SecretName" -}}
{{- default (printf "%s-media-s3" (include "parley.fullname" .)) .Values.media.s3.existingSecret -}}
{{- end -}}

{{/* true when media-service gets S3 credentials (in values or in an existing Secret); without, the AWS SDK's default
     chain (IRSA / web identity through serviceAccount.annotations, instance profile) */}}
{{- define "parley.s3Credentials" -}}
{{- if or .Values.media.s3.existingSecret .Values.media.s3.accessKeyId -}}true{{- end -}}
{{- end -}}

{{- define "parley.callsSecretName" -}}
{{- default (printf "%s-calls" (include "parley.fullname" .)) .Values.calls.existingSecret -}}
{{- end -}}

{{/* true when a TURN secret is given (in values or in an existing Secret) */}}
{{- define "parley.turnSecret" -}}
{{- if or .Values.calls.existingSecret .Values.calls.turnSecret -}}true{{- end -}}
{{- end -}}

{{/* session-service's calls settings (parley.calls.*): only what is set, session-service's defaults otherwise */}}
{{- define "parley.callsEnv" -}}
{{- with .Values.calls.stunUrls }}
- name: PARLEY_CALLS_STUN_URLS
  value: {{ join "," . | quote }}
{{- end }}
{{- if .Values.calls.turnUrls }}
- name: PARLEY_CALLS_TURN_URLS
  value: {{ join "," .Values.calls.turnUrls | quote }}
{{- if not (include "parley.turnSecret" .) }}
{{- fail "calls.turnSecret (or calls.existingSecret) is required with calls.turnUrls" }}
{{- end }}
{{- end }}
{{- if include "parley.turnSecret" . }}
- name: PARLEY_CALLS_TURN_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "parley.callsSecretName" . }}
      key: {{ .Values.calls.turnSecretKey }}
{{- end }}
{{- with .Values.calls.turnTtl }}
- name: PARLEY_CALLS_TURN_TTL
  value: {{ . | quote }}
{{- end }}
{{- with .Values.calls.maxParticipants }}
- name: PARLEY_CALLS_MAX_PARTICIPANTS
  value: {{ . | quote }}
{{- end }}
{{- end -}}

{{/* What clients reach through the Ingress or HTTPRoute: the web client's files (web/src/main/resources/META-INF/
     resources, served by the gateway), /ws and /api, as [path, pathType] pairs; /q/* and /internal/* stay inside */}}
{{- define "parley.publicPaths" -}}
- [/, Exact]
- [/index.html, Exact]
- [/parley.css, Exact]
- [/js, Prefix]
- [/ws, Prefix]
- [/api, Prefix]
{{- end -}}

{{/* ---- Kafka security (kafka.securityProtocol, sasl, auth, tls; issue 18) ---- */}}

{{/* true with SASL_PLAINTEXT or SASL_SSL */}}
{{- define "parley.kafkaSasl" -}}
{{- if hasPrefix "SASL_" .Values.kafka.securityProtocol -}}true{{- end -}}
{{- end -}}

{{/* true with SSL or SASL_SSL */}}
{{- define "parley.kafkaTls" -}}
{{- if hasSuffix "SSL" .Values.kafka.securityProtocol -}}true{{- end -}}
{{- end -}}

{{/* the Secret with every service's SASL user and password (keys <service>-username, <service>-password) */}}
{{- define "parley.kafkaSecretName" -}}
{{- default (printf "%s-kafka" (include "parley.fullname" .)) .Values.kafka.auth.existingSecret -}}
{{- end -}}

{{/* the JAAS login module of kafka.sasl.mechanism */}}
{{- define "parley.kafkaLoginModule" -}}
{{- if eq .Values.kafka.sasl.mechanism "PLAIN" -}}
org.apache.kafka.common.security.plain.PlainLoginModule
{{- else -}}
org.apache.kafka.common.security.scram.ScramLoginModule
{{- end -}}
{{- end -}}

{{/* where the broker CA and a service's key store are mounted */}}
{{- define "parley.kafkaTruststoreDir" -}}/etc/parley/kafka/truststore{{- end -}}
{{- define "parley.kafkaKeystoreDir" -}}/etc/parley/kafka/keystore{{- end -}}

{{/* the Secret with a service's mTLS key store, empty when it presents none; call with (list $ "gateway") */}}
{{- define "parley.kafkaKeystoreSecret" -}}
{{- $root := index . 0 -}}
{{- index ($root.Values.kafka.tls.keystores.secrets | default dict) (index . 1) | default "" -}}
{{- end -}}

{{/* refuses combinations that cannot work, before anything is rendered */}}
{{- define "parley.kafkaCheck" -}}
{{- $tls := .Values.kafka.tls -}}
{{- if and $tls.truststore.secret $tls.truststore.configMap -}}
{{- fail "kafka.tls.truststore: set secret or configMap, not both" -}}
{{- end -}}
{{- if and (or $tls.truststore.secret $tls.truststore.configMap) (not (include "parley.kafkaTls" .)) -}}
{{- fail (printf "kafka.tls.truststore is set but kafka.securityProtocol is %s: use SSL or SASL_SSL" .Values.kafka.securityProtocol) -}}
{{- end -}}
{{- if and ($tls.keystores.secrets | default dict) (not (include "parley.kafkaTls" .)) -}}
{{- fail (printf "kafka.tls.keystores.secrets (mTLS) is set but kafka.securityProtocol is %s: use SSL or SASL_SSL" .Values.kafka.securityProtocol) -}}
{{- end -}}
{{- end -}}

{{/* a service's Kafka client settings (KafkaClients gives them to every client); call with (list $ "gateway") */}}
{{- define "parley.kafkaEnv" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $kafka := $root.Values.kafka -}}
{{- if ne $kafka.securityProtocol "PLAINTEXT" }}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ $kafka.securityProtocol | quote }}
{{- end }}
{{- if include "parley.kafkaSasl" $root }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $kafka.sasl.mechanism | quote }}
{{- $user := index $kafka.auth $name | default dict }}
# the password only as a Secret reference; Kubernetes puts it into KAFKA_SASL_JAAS_CONFIG in the pod
{{- if $user.existingSecret }}
- name: PARLEY_K8S_KAFKA_USERNAME
  value: {{ required (printf "kafka.auth.%s.username is required with kafka.auth.%s.existingSecret" $name $name) $user.username | quote }}
- name: PARLEY_K8S_KAFKA_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $user.existingSecret }}
      key: {{ $kafka.auth.passwordKey }}
{{- else }}
- name: PARLEY_K8S_KAFKA_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ include "parley.kafkaSecretName" $root }}
      key: {{ $name }}-username
- name: PARLEY_K8S_KAFKA_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "parley.kafkaSecretName" $root }}
      key: {{ $name }}-password
{{- end }}
- name: KAFKA_SASL_JAAS_CONFIG
  value: {{ printf "%s required username=\"$(PARLEY_K8S_KAFKA_USERNAME)\" password=\"$(PARLEY_K8S_KAFKA_PASSWORD)\";" (include "parley.kafkaLoginModule" $root) | quote }}
{{- end }}
{{- if or $kafka.tls.truststore.secret $kafka.tls.truststore.configMap }}
- name: KAFKA_SSL_TRUSTSTORE_TYPE
  value: PEM
- name: KAFKA_SSL_TRUSTSTORE_LOCATION
  value: {{ printf "%s/%s" (include "parley.kafkaTruststoreDir" $root) $kafka.tls.truststore.key | quote }}
{{- end }}
{{- with include "parley.kafkaKeystoreSecret" (list $root $name) }}
- name: KAFKA_SSL_KEYSTORE_TYPE
  value: {{ $kafka.tls.keystores.type | quote }}
- name: KAFKA_SSL_KEYSTORE_LOCATION
  value: {{ printf "%s/%s" (include "parley.kafkaKeystoreDir" $root) $kafka.tls.keystores.keystoreKey | quote }}
- name: KAFKA_SSL_KEYSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $kafka.tls.keystores.passwordKey }}
- name: KAFKA_SSL_KEY_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $kafka.tls.keystores.passwordKey }}
{{- end }}
{{- end -}}

{{/* ---- PostgreSQL: a login per service, TLS (postgresql.auth.<service>, postgresql.tls; issue 18) ---- */}}

{{/* the Secret with the services' own database logins given in values (keys <service>-username, <service>-password) */}}
{{- define "parley.databaseRolesSecretName" -}}
{{- printf "%s-database-roles" (include "parley.fullname" .) -}}
{{- end -}}

{{/* where a service's database login comes from, as YAML {secret, usernameKey, passwordKey, own}; (list $ "chat-service") */}}
{{- define "parley.databaseLogin" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $auth := $root.Values.postgresql.auth -}}
{{- $own := index $auth $name | default dict -}}
{{- if $own.existingSecret }}
secret: {{ $own.existingSecret }}
usernameKey: {{ $auth.usernameKey }}
passwordKey: {{ $auth.passwordKey }}
own: true
{{- else if $own.username }}
secret: {{ include "parley.databaseRolesSecretName" $root }}
usernameKey: {{ $name }}-username
passwordKey: {{ $name }}-password
own: true
{{- else }}
secret: {{ include "parley.databaseSecretName" $root }}
usernameKey: {{ $auth.usernameKey }}
passwordKey: {{ $auth.passwordKey }}
own: false
{{- end }}
{{- end -}}

{{/* true when some service with a database uses the shared login */}}
{{- define "parley.sharedDatabaseLogin" -}}
{{- $root := . -}}
{{- range $name, $svc := .Values.services -}}
{{- if and $svc.database (not (include "parley.databaseLogin" (list $root $name) | fromYaml).own) -}}true{{- end -}}
{{- end -}}
{{- end -}}

{{- define "parley.postgresqlRootCertDir" -}}/etc/parley/postgresql{{- end -}}

{{/* the reactive client's TLS settings and the JDBC URL's query string; call with the root context */}}
{{- define "parley.postgresqlCheck" -}}
{{- $tls := .Values.postgresql.tls -}}
{{- if and $tls.rootCert.secret $tls.rootCert.configMap -}}
{{- fail "postgresql.tls.rootCert: set secret or configMap, not both" -}}
{{- end -}}
{{- if and (hasPrefix "verify-" $tls.mode) (not (or $tls.rootCert.secret $tls.rootCert.configMap)) -}}
{{- fail (printf "postgresql.tls.mode %s checks the server's certificate against postgresql.tls.rootCert: set rootCert.secret or rootCert.configMap (the CA's PEM)" $tls.mode) -}}
{{- end -}}
{{- end -}}

{{/* true when the root certificate is mounted (verify-ca, verify-full) */}}
{{- define "parley.postgresqlRootCert" -}}
{{- if hasPrefix "verify-" .Values.postgresql.tls.mode -}}true{{- end -}}
{{- end -}}

{{- define "parley.postgresqlRootCertPath" -}}
{{- printf "%s/%s" (include "parley.postgresqlRootCertDir" .) .Values.postgresql.tls.rootCert.key -}}
{{- end -}}

{{/* the JDBC URL's query string: jdbcParameters and, with TLS, sslmode and sslrootcert */}}
{{- define "parley.jdbcParameters" -}}
{{- $params := list -}}
{{- with .Values.postgresql.jdbcParameters -}}{{- $params = append $params . -}}{{- end -}}
{{- if ne .Values.postgresql.tls.mode "disable" -}}
{{- $params = append $params (printf "sslmode=%s" .Values.postgresql.tls.mode) -}}
{{- end -}}
{{- if include "parley.postgresqlRootCert" . -}}
{{- $params = append $params (printf "sslrootcert=%s" (include "parley.postgresqlRootCertPath" .)) -}}
{{- end -}}
{{- join "&" $params -}}
{{- end -}}

{{- define "parley.postgresqlTlsEnv" -}}
{{- $mode := .Values.postgresql.tls.mode -}}
{{- if ne $mode "disable" }}
- name: QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE
  value: {{ $mode | quote }}
{{- if include "parley.postgresqlRootCert" . }}
- name: QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM
  value: "true"
- name: QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM_CERTS
  value: {{ include "parley.postgresqlRootCertPath" . | quote }}
{{- else }}
# require: encrypted, the certificate not checked (libpq's and the JDBC driver's meaning of require)
- name: QUARKUS_DATASOURCE_REACTIVE_TRUST_ALL
  value: "true"
{{- end }}
{{- if eq $mode "verify-full" }}
- name: QUARKUS_DATASOURCE_REACTIVE_HOSTNAME_VERIFICATION_ALGORITHM
  value: HTTPS
{{- end }}
{{- end }}
{{- end -}}

{{/* ---- the /internal/* credential (internal.*; issue 18) ---- */}}

{{- define "parley.internalSecretName" -}}
{{- default (printf "%s-internal" (include "parley.fullname" .)) .Values.internal.existingSecret -}}
{{- end -}}

{{/* the services that serve /internal/* and check the gateway's signature with the public key */}}
{{- define "parley.internalCallees" -}}
{{- list "chat-service" "session-service" | toJson -}}
{{- end -}}

{{/* the key file a service gets: private.pem (the gateway), public.pem (a callee) or nothing; (list $ "gateway") */}}
{{- define "parley.internalKeyFile" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- if eq $name "gateway" -}}private.pem
{{- else if has $name (include "parley.internalCallees" $root | fromJsonArray) -}}public.pem
{{- end -}}
{{- end -}}

{{- define "parley.internalRequired" -}}
{{- if not (or .Values.internal.existingSecret (and .Values.internal.privateKey .Values.internal.publicKey)) -}}
{{- fail "internal.privateKey and internal.publicKey (or internal.existingSecret with private.pem and public.pem) are required: the gateway signs its calls to /internal/* with the private key, chat-service and session-service check them. Make a pair with `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out internal-private.pem && openssl pkey -in internal-private.pem -pubout -out internal-public.pem`, then --set-file internal.privateKey=internal-private.pem --set-file internal.publicKey=internal-public.pem" -}}
{{- end -}}
{{- end -}}

{{/* ---- signing keys encrypted at rest (jwt.encryptionKey; issue 18) ---- */}}

{{/* true when auth-service generates its signing keys and stores them encrypted (no key pair configured) */}}
{{- define "parley.jwtGenerated" -}}
{{- if not (include "parley.jwtEnabled" .) -}}true{{- end -}}
{{- end -}}
