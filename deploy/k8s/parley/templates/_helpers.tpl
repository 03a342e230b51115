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

{{/* true when auth-service gets a JWT key pair (given in values or in an existing Secret) */}}
{{- define "parley.jwtEnabled" -}}
{{- if or .Values.jwt.existingSecret .Values.jwt.privateKey -}}true{{- end -}}
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
