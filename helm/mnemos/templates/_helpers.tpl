{{/*
Chart name, truncated to 63 characters (DNS label).
*/}}
{{- define "mnemos.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Release-wide prefix of every object name. Service objects append "-<service>", so it is kept short
enough (45) for the longest suffix ("-retrieval-service", 18) to fit a 63-character label.
*/}}
{{- define "mnemos.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 45 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 45 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 45 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "mnemos.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Labels common to every object.
*/}}
{{- define "mnemos.labels" -}}
helm.sh/chart: {{ include "mnemos.chart" . }}
app.kubernetes.io/name: {{ include "mnemos.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: mnemos
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
Per-service helpers. Call with a dict: (dict "root" $ "name" <service key> "svc" <service values>).
*/}}
{{- define "mnemos.serviceFullname" -}}
{{- printf "%s-%s" (include "mnemos.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "mnemos.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mnemos.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "mnemos.serviceLabels" -}}
{{ include "mnemos.labels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "mnemos.image" -}}
{{- $tag := .svc.image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- if .root.Values.image.registry -}}
{{- printf "%s/%s:%s" (trimSuffix "/" .root.Values.image.registry) .svc.image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .svc.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "mnemos.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "mnemos.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
Secrets: names of the Secrets the pods read.
*/}}
{{- define "mnemos.authSecretName" -}}
{{- if .Values.auth.existingSecret -}}
{{- .Values.auth.existingSecret -}}
{{- else if and .Values.auth.internalSecret .Values.auth.adminKey -}}
{{- printf "%s-auth" (include "mnemos.fullname" .) -}}
{{- else -}}
{{- printf "%s-auth-generated" (include "mnemos.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "mnemos.postgresqlSecretName" -}}
{{- default (printf "%s-postgresql" (include "mnemos.fullname" .)) .Values.postgresql.existingSecret -}}
{{- end -}}

{{- define "mnemos.postgresqlSecretKey" -}}
{{- if .Values.postgresql.existingSecret -}}
{{- .Values.postgresql.existingSecretPasswordKey -}}
{{- else -}}
password
{{- end -}}
{{- end -}}

{{- define "mnemos.jdbcUrl" -}}
{{- $pg := .Values.postgresql -}}
{{- printf "jdbc:postgresql://%s:%v/%s" $pg.host (int $pg.port) $pg.database -}}
{{- with $pg.jdbcParameters }}?{{ . }}{{ end -}}
{{- end -}}

{{/*
Gateway routes: environment variable suffix -> service key.
*/}}
{{- define "mnemos.gatewayRoutes" -}}
ORCHESTRATOR: orchestrator-llm
MEMORY: memory-service
RETRIEVAL: retrieval-service
SPEECH: speech-service
VISION: vision-service
{{- end -}}

{{/*
Service-to-service links: for each service, environment variable -> the service it must reach.
*/}}
{{- define "mnemos.serviceLinks" -}}
orchestrator-llm:
  MNEMOS_PIPELINE_MEMORY_URL: memory-service
  MNEMOS_PIPELINE_RETRIEVAL_URL: retrieval-service
speech-service:
  MNEMOS_SPEECH_ORCHESTRATOR_URL: orchestrator-llm
{{- end -}}

{{/*
A Deployment for one service. Every service is rendered from this one template.
*/}}
{{- define "mnemos.deployment" -}}
{{- $root := .root -}}
{{- $name := .name -}}
{{- $svc := .svc -}}
{{- $persistent := and $svc.dataVolume $root.Values.persistence.enabled -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "mnemos.serviceFullname" . }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "mnemos.serviceLabels" . | nindent 4 }}
  {{- with $root.Values.commonAnnotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  replicas: {{ $svc.replicaCount }}
  revisionHistoryLimit: 3
  {{- if $persistent }}
  # A ReadWriteOnce claim cannot be attached to old and new pods at once.
  strategy:
    type: Recreate
  {{- end }}
  selector:
    matchLabels:
      {{- include "mnemos.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "mnemos.serviceLabels" . | nindent 8 }}
        {{- with $root.Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        {{- /* Restart pods when credentials given as values change (generated ones never change). */}}
        checksum/config: {{ dict "auth" $root.Values.auth "postgresql" $root.Values.postgresql "kafka" $root.Values.kafka | toJson | sha256sum }}
        {{- if $root.Values.metrics.podAnnotations }}
        prometheus.io/scrape: "true"
        prometheus.io/port: {{ $svc.port | quote }}
        prometheus.io/path: /actuator/prometheus
        {{- end }}
        {{- with $root.Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "mnemos.serviceAccountName" $root }}
      automountServiceAccountToken: {{ $root.Values.serviceAccount.automountServiceAccountToken }}
      {{- with $root.Values.image.pullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      {{- with $root.Values.podSecurityContext }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ $name }}
          image: {{ include "mnemos.image" . | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          {{- with $root.Values.containerSecurityContext }}
          securityContext:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          ports:
            - name: http
              containerPort: {{ $svc.port }}
              protocol: TCP
          env:
            - name: SERVER_PORT
              value: {{ $svc.port | quote }}
            - name: JDK_JAVA_OPTIONS
              value: {{ printf "%s %s" $root.Values.jvm.requiredOptions $root.Values.jvm.extraOptions | trim | quote }}
            - name: SPRING_DATASOURCE_URL
              value: {{ include "mnemos.jdbcUrl" $root | quote }}
            - name: SPRING_DATASOURCE_USERNAME
              value: {{ $root.Values.postgresql.username | quote }}
            - name: SPRING_DATASOURCE_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ include "mnemos.postgresqlSecretName" $root }}
                  key: {{ include "mnemos.postgresqlSecretKey" $root }}
            - name: SPRING_KAFKA_BOOTSTRAP_SERVERS
              value: {{ $root.Values.kafka.bootstrapServers | quote }}
            - name: MNEMOS_DATA_DIR
              value: {{ $root.Values.persistence.mountPath | quote }}
            - name: MNEMOS_SECURITY_INTERNAL_SECRET
              valueFrom:
                secretKeyRef:
                  name: {{ include "mnemos.authSecretName" $root }}
                  key: {{ $root.Values.auth.internalSecretKey }}
            {{- if eq $name "gateway" }}
            - name: MNEMOS_ADMIN_KEY
              valueFrom:
                secretKeyRef:
                  name: {{ include "mnemos.authSecretName" $root }}
                  key: {{ $root.Values.auth.adminKeyKey }}
            {{- with $root.Values.redis }}
            {{- if .existingSecret }}
            - name: MNEMOS_REDIS_URL
              valueFrom:
                secretKeyRef:
                  name: {{ .existingSecret }}
                  key: {{ .existingSecretKey }}
            {{- else if .url }}
            - name: MNEMOS_REDIS_URL
              value: {{ .url | quote }}
            {{- end }}
            {{- end }}
            {{- range $suffix, $target := include "mnemos.gatewayRoutes" $root | fromYaml }}
            {{- $targetSvc := get $root.Values.services $target }}
            {{- if and $targetSvc $targetSvc.enabled }}
            - name: MNEMOS_GATEWAY_SERVICES_{{ $suffix }}
              value: {{ printf "http://%s:%v" (include "mnemos.serviceFullname" (dict "root" $root "name" $target)) (int $targetSvc.port) | quote }}
            {{- end }}
            {{- end }}
            {{- end }}
            {{- $links := get (include "mnemos.serviceLinks" $root | fromYaml) $name | default dict }}
            {{- range $var, $target := $links }}
            {{- $targetSvc := get $root.Values.services $target }}
            {{- if and $targetSvc $targetSvc.enabled }}
            - name: {{ $var }}
              value: {{ printf "http://%s:%v" (include "mnemos.serviceFullname" (dict "root" $root "name" $target)) (int $targetSvc.port) | quote }}
            {{- end }}
            {{- end }}
            {{- with $root.Values.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
            {{- with $svc.env }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- if $root.Values.probes.startup.enabled }}
          startupProbe:
            httpGet:
              path: {{ $root.Values.probes.liveness.path }}
              port: http
            periodSeconds: {{ $root.Values.probes.startup.periodSeconds }}
            timeoutSeconds: {{ $root.Values.probes.startup.timeoutSeconds }}
            failureThreshold: {{ $root.Values.probes.startup.failureThreshold }}
          {{- end }}
          livenessProbe:
            httpGet:
              path: {{ $root.Values.probes.liveness.path }}
              port: http
            initialDelaySeconds: {{ $root.Values.probes.liveness.initialDelaySeconds }}
            periodSeconds: {{ $root.Values.probes.liveness.periodSeconds }}
            timeoutSeconds: {{ $root.Values.probes.liveness.timeoutSeconds }}
            failureThreshold: {{ $root.Values.probes.liveness.failureThreshold }}
          readinessProbe:
            httpGet:
              path: {{ $root.Values.probes.readiness.path }}
              port: http
            initialDelaySeconds: {{ $root.Values.probes.readiness.initialDelaySeconds }}
            periodSeconds: {{ $root.Values.probes.readiness.periodSeconds }}
            timeoutSeconds: {{ $root.Values.probes.readiness.timeoutSeconds }}
            failureThreshold: {{ $root.Values.probes.readiness.failureThreshold }}
          resources:
            {{- toYaml $svc.resources | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- if $svc.dataVolume }}
            - name: data
              mountPath: {{ $root.Values.persistence.mountPath }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir: {}
        {{- if $svc.dataVolume }}
        - name: data
          {{- if $persistent }}
          persistentVolumeClaim:
            claimName: {{ include "mnemos.serviceFullname" . }}-data
          {{- else }}
          emptyDir: {}
          {{- end }}
        {{- end }}
      {{- with $root.Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $root.Values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $root.Values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end -}}

{{/*
A Service for one service.
*/}}
{{- define "mnemos.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "mnemos.serviceFullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "mnemos.serviceLabels" . | nindent 4 }}
  {{- with .root.Values.commonAnnotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ .svc.serviceType }}
  selector:
    {{- include "mnemos.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .svc.port }}
      targetPort: http
      protocol: TCP
{{- end -}}

{{/*
A PersistentVolumeClaim for one data service.
*/}}
{{- define "mnemos.pvc" -}}
{{- $p := .root.Values.persistence -}}
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {{ include "mnemos.serviceFullname" . }}-data
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "mnemos.serviceLabels" . | nindent 4 }}
  annotations:
    helm.sh/resource-policy: keep
    {{- with $p.annotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
    {{- with .root.Values.commonAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  accessModes:
    {{- toYaml $p.accessModes | nindent 4 }}
  {{- with $p.storageClass }}
  storageClassName: {{ . | quote }}
  {{- end }}
  resources:
    requests:
      storage: {{ (and .svc.persistence .svc.persistence.size) | default $p.size }}
{{- end -}}
