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
