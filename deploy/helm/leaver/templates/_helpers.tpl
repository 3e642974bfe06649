{{- define "leaver.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "leaver.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* selector labels; call with (dict "root" $ "component" "worker") */}}
{{- define "leaver.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "leaver.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "leaver.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "leaver.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* The temporal: block both configs share; secrets by reference only. */}}
{{- define "leaver.temporal" -}}
{{- $t := .Values.temporal -}}
{{- $out := dict "target" (required "temporal.target is required" $t.target) "namespace" (required "temporal.namespace is required" $t.namespace) -}}
{{- if eq $t.mode "cloud-api-key" -}}
{{- $_ := set $out "apiKey" "env:LEAVER_TEMPORAL_API_KEY" -}}
{{- else if eq $t.mode "cloud-mtls" -}}
{{- $_ := set $out "clientCertFile" "/etc/leaver/temporal-tls/tls.crt" -}}
{{- $_ := set $out "clientKeyFile" "/etc/leaver/temporal-tls/tls.key" -}}
{{- else if eq $t.mode "self-hosted" -}}
{{- if $t.tls }}{{ $_ := set $out "tls" true }}{{ end -}}
{{- else -}}
{{- fail (printf "temporal.mode must be cloud-api-key, cloud-mtls or self-hosted, not %q" $t.mode) -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}

{{- define "leaver.codec" -}}
{{- $keys := list -}}
{{- range .Values.codec.keys -}}
{{- $keys = append $keys (dict "id" .id "key" (printf "env:LEAVER_CODEC_%s" (upper .id))) -}}
{{- end -}}
{{- toYaml (dict "keys" $keys) -}}
{{- end -}}

{{/* Environment from Secrets: Temporal's API key, the codec keys, secretEnv and <component>.secretEnv;
     call with (dict "root" $ "component" "worker"). Not TEMPORAL_API_KEY:
     Temporal's environment configuration would then take TLS and the key from the environment. */}}
{{- define "leaver.secretEnv" -}}
{{- $component := .component -}}
{{- with .root -}}
{{- if eq .Values.temporal.mode "cloud-api-key" }}
- name: LEAVER_TEMPORAL_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.temporal.apiKey.secretName }}
      key: {{ .Values.temporal.apiKey.key }}
{{- end }}
{{- range .Values.codec.keys }}
- name: {{ printf "LEAVER_CODEC_%s" (upper .id) }}
  valueFrom:
    secretKeyRef:
      name: {{ .secretName }}
      key: {{ .key }}
{{- end }}
{{- range concat .Values.secretEnv (index .Values $component).secretEnv }}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secretName }}
      key: {{ .key }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "leaver.secretVolumes" -}}
{{- if eq .Values.temporal.mode "cloud-mtls" }}
- name: temporal-tls
  secret:
    secretName: {{ .Values.temporal.mtls.secretName }}
{{- end }}
{{- range $i, $f := .Values.secretFiles }}
- name: {{ printf "secret-file-%d" $i }}
  secret:
    secretName: {{ $f.secretName }}
{{- end }}
{{- end -}}

{{- define "leaver.secretMounts" -}}
{{- if eq .Values.temporal.mode "cloud-mtls" }}
- name: temporal-tls
  mountPath: /etc/leaver/temporal-tls
  readOnly: true
{{- end }}
{{- range $i, $f := .Values.secretFiles }}
- name: {{ printf "secret-file-%d" $i }}
  mountPath: {{ $f.mountPath }}
  readOnly: true
{{- end }}
{{- end -}}
