package io.mnemos.deploy;

import static io.mnemos.deploy.Repo.asList;
import static io.mnemos.deploy.Repo.asMap;
import static io.mnemos.deploy.Repo.at;
import static io.mnemos.deploy.Repo.mapAt;
import static io.mnemos.deploy.Repo.stringAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lints and renders {@code helm/mnemos} with the Helm library embedded in helm-java (no helm binary, no cluster),
 * then checks the rendered objects.
 */
class HelmChartTest {

    private static final String RELEASE = "mnemos";
    private static final String NAMESPACE = "mnemos-test";
    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern PARAM = Pattern.compile("^\\s*## @param ([^\\s]+)", Pattern.MULTILINE);

    private static Path chart;

    @BeforeAll
    static void locateChart() {
        chart = Repo.chart();
        assertThat(chart.resolve("Chart.yaml")).isRegularFile();
        assertThat(chart.resolve("values.schema.json")).isRegularFile();
        assertThat(chart.resolve("templates/NOTES.txt")).isRegularFile();
        assertThat(chart.resolve("templates/_helpers.tpl")).isRegularFile();
    }

    private static TemplateCommand template() {
        return new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE);
    }

    private static List<Map<String, Object>> render(TemplateCommand command) {
        List<Map<String, Object>> objects = Repo.loadAll(command.call());
        assertThat(objects).isNotEmpty();
        objects.forEach(HelmChartTest::assertKubernetesObject);
        return objects;
    }

    private static void assertKubernetesObject(Map<String, Object> object) {
        assertThat(object).containsKeys("apiVersion", "kind", "metadata");
        assertThat(stringAt(object, "apiVersion")).isNotBlank();
        assertThat(stringAt(object, "kind")).isNotBlank();
        String name = stringAt(object, "metadata.name");
        assertThat(name).as("metadata.name of a %s", object.get("kind")).matches(DNS_1123_LABEL);
        assertThat(stringAt(object, "metadata.namespace")).isEqualTo(NAMESPACE);
    }

    private static Map<String, Object> find(List<Map<String, Object>> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.get("kind")) && name.equals(stringAt(o, "metadata.name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in " + summary(objects)));
    }

    private static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    private static List<String> summary(List<Map<String, Object>> objects) {
        return objects.stream()
                .map(o -> o.get("kind") + "/" + stringAt(o, "metadata.name"))
                .toList();
    }

    private static Map<String, Object> podSpec(Map<String, Object> deployment) {
        return mapAt(deployment, "spec.template.spec");
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        List<Object> containers = asList(podSpec(deployment).get("containers"));
        assertThat(containers).hasSize(1);
        return asMap(containers.getFirst());
    }

    private static Map<String, Map<String, Object>> env(Map<String, Object> container) {
        Map<String, Map<String, Object>> env = new HashMap<>();
        for (Object entry : asList(container.get("env"))) {
            Map<String, Object> e = asMap(entry);
            env.put(String.valueOf(e.get("name")), e);
        }
        return env;
    }

    @Test
    void lintReportsNoErrorsOrWarnings() {
        LintResult result = new Helm(chart).lint().strict().call();

        assertThat(result.isFailed())
                .as("lint failed: %s", result.getMessages())
                .isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void lintFailsWhenDefaultValuesBreakTheSchema(@TempDir Path tmp) throws IOException {
        Path copy = copyChart(tmp);
        Map<String, Object> values = Repo.loadMap(copy.resolve("values.yaml"));
        mapAt(values, "persistence").put("enabled", "yes");
        Files.writeString(copy.resolve("values.yaml"), Repo.yaml().dump(values));

        LintResult result = new Helm(copy).lint().call();

        assertThat(result.isFailed()).isTrue();
        assertThat(String.join("\n", result.getMessages()))
                .contains("persistence.enabled")
                .contains("Expected: boolean");
    }

    @Test
    void everyValueIsDocumentedWithAParamComment() throws IOException {
        String text = Files.readString(chart.resolve("values.yaml"));
        Set<String> documented = new TreeSet<>();
        Matcher matcher = PARAM.matcher(text);
        while (matcher.find()) {
            documented.add(matcher.group(1));
        }
        List<String> undocumented = new ArrayList<>();
        collectLeaves("", Repo.loadMap(chart.resolve("values.yaml")), undocumented);
        undocumented.removeIf(path -> isDocumented(path, documented));

        assertThat(undocumented).as("values without a ## @param line").isEmpty();
    }

    private static void collectLeaves(String prefix, Map<String, Object> map, List<String> leaves) {
        map.forEach((key, value) -> {
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> child && !child.isEmpty()) {
                collectLeaves(path, asMap(child), leaves);
            } else {
                leaves.add(path);
            }
        });
    }

    /** A value is documented by its own {@code @param} or by one for an enclosing object (e.g. a security context). */
    private static boolean isDocumented(String path, Set<String> documented) {
        for (String p = path; ; p = p.substring(0, p.lastIndexOf('.'))) {
            if (documented.contains(p)) {
                return true;
            }
            if (!p.contains(".")) {
                return false;
            }
        }
    }

    @Nested
    @TestInstance(Lifecycle.PER_CLASS)
    class DefaultValues {

        private final List<Map<String, Object>> objects = render(template());

        @Test
        void rendersADeploymentAndAServiceForEachService() {
            Repo.SERVICES.forEach((service, port) -> {
                String name = RELEASE + "-" + service;
                Map<String, Object> deployment = find(objects, "Deployment", name);
                Map<String, Object> svc = find(objects, "Service", name);

                assertThat(stringAt(deployment, "apiVersion")).isEqualTo("apps/v1");
                Map<String, Object> container = container(deployment);
                assertThat(container.get("image")).isEqualTo("mnemos/" + service + ":0.1.0-SNAPSHOT");
                Map<String, Object> containerPort =
                        asMap(asList(container.get("ports")).getFirst());
                assertThat(containerPort).containsEntry("containerPort", port).containsEntry("name", "http");
                assertThat(env(container).get("SERVER_PORT")).containsEntry("value", String.valueOf(port));

                Map<String, Object> servicePort =
                        asMap(asList(at(svc, "spec.ports").orElseThrow()).getFirst());
                assertThat(servicePort).containsEntry("port", port).containsEntry("targetPort", "http");
                Map<String, Object> selector = mapAt(svc, "spec.selector");
                assertThat(mapAt(deployment, "spec.template.metadata.labels")).containsAllEntriesOf(selector);
                assertThat(mapAt(deployment, "spec.selector.matchLabels")).isEqualTo(selector);
            });
            assertThat(ofKind(objects, "Deployment")).hasSize(Repo.SERVICES.size());
            assertThat(ofKind(objects, "Service")).hasSize(Repo.SERVICES.size());
        }

        @Test
        void everyContainerHasProbesAndResourceLimits() {
            for (Map<String, Object> deployment : ofKind(objects, "Deployment")) {
                Map<String, Object> container = container(deployment);
                String name = stringAt(deployment, "metadata.name");

                assertThat(stringAt(container, "livenessProbe.httpGet.path"))
                        .as("liveness of %s", name)
                        .isEqualTo("/actuator/health/liveness");
                assertThat(stringAt(container, "readinessProbe.httpGet.path"))
                        .as("readiness of %s", name)
                        .isEqualTo("/actuator/health/readiness");
                assertThat(stringAt(container, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
                assertThat(stringAt(container, "livenessProbe.httpGet.port")).isEqualTo("http");
                assertThat(at(container, "resources.limits.memory"))
                        .as("memory limit of %s", name)
                        .isPresent();
                assertThat(at(container, "resources.limits.cpu")).isPresent();
                assertThat(at(container, "resources.requests.memory")).isPresent();
                assertThat(at(container, "resources.requests.cpu")).isPresent();
            }
        }

        @Test
        void everyServiceGetsJvmFlagsInfrastructureAndTheInternalSecretFromASecret() {
            for (Map<String, Object> deployment : ofKind(objects, "Deployment")) {
                Map<String, Map<String, Object>> env = env(container(deployment));

                assertThat(String.valueOf(env.get("JDK_JAVA_OPTIONS").get("value")))
                        .contains("--add-modules jdk.incubator.vector")
                        .contains("--enable-native-access=ALL-UNNAMED");
                assertThat(env.get("SPRING_DATASOURCE_URL"))
                        .containsEntry("value", "jdbc:postgresql://postgresql:5432/mnemos");
                assertThat(env.get("SPRING_DATASOURCE_USERNAME")).containsEntry("value", "mnemos");
                assertThat(env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS")).containsEntry("value", "kafka:9092");
                assertThat(env.get("MNEMOS_DATA_DIR")).containsEntry("value", "/var/lib/mnemos");
                assertThat(stringAt(env.get("SPRING_DATASOURCE_PASSWORD"), "valueFrom.secretKeyRef.name"))
                        .isEqualTo("mnemos-postgresql");
                assertThat(stringAt(env.get("MNEMOS_SECURITY_INTERNAL_SECRET"), "valueFrom.secretKeyRef.name"))
                        .isEqualTo("mnemos-auth-generated");
                assertThat(env.get("MNEMOS_SECURITY_INTERNAL_SECRET")).doesNotContainKey("value");
                assertThat(stringAt(podSpec(deployment), "serviceAccountName")).isEqualTo("mnemos");
            }
            find(objects, "ServiceAccount", "mnemos");
            find(objects, "Secret", "mnemos-postgresql");
        }

        @Test
        void onlyTheGatewayGetsTheAdminKeyAndTheServiceUrls() {
            Map<String, Map<String, Object>> gateway = env(container(find(objects, "Deployment", "mnemos-gateway")));

            assertThat(stringAt(gateway.get("MNEMOS_ADMIN_KEY"), "valueFrom.secretKeyRef.key"))
                    .isEqualTo("admin-key");
            Map<String, String> expected = Map.of(
                    "MNEMOS_GATEWAY_SERVICES_ORCHESTRATOR", "http://mnemos-orchestrator-llm:8081",
                    "MNEMOS_GATEWAY_SERVICES_MEMORY", "http://mnemos-memory-service:8082",
                    "MNEMOS_GATEWAY_SERVICES_RETRIEVAL", "http://mnemos-retrieval-service:8083",
                    "MNEMOS_GATEWAY_SERVICES_SPEECH", "http://mnemos-speech-service:8084",
                    "MNEMOS_GATEWAY_SERVICES_VISION", "http://mnemos-vision-service:8085");
            expected.forEach((name, url) -> assertThat(gateway.get(name)).containsEntry("value", url));

            for (Map<String, Object> deployment : ofKind(objects, "Deployment")) {
                if (!"mnemos-gateway".equals(stringAt(deployment, "metadata.name"))) {
                    assertThat(env(container(deployment)))
                            .doesNotContainKey("MNEMOS_ADMIN_KEY")
                            .doesNotContainKey("MNEMOS_GATEWAY_SERVICES_MEMORY");
                }
            }
        }

        @Test
        void withoutPersistenceDataServicesUseAnEmptyDirAndNoIngressOrClaimIsRendered() {
            assertThat(ofKind(objects, "PersistentVolumeClaim")).isEmpty();
            assertThat(ofKind(objects, "Ingress")).isEmpty();
            for (String service : Repo.DATA_SERVICES) {
                Map<String, Object> deployment = find(objects, "Deployment", "mnemos-" + service);
                assertThat(volume(deployment, "data")).containsKey("emptyDir");
            }
        }
    }

    private static Map<String, Object> volume(Map<String, Object> deployment, String name) {
        return asList(podSpec(deployment).get("volumes")).stream()
                .map(Repo::asMap)
                .filter(v -> name.equals(v.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    @Nested
    @TestInstance(Lifecycle.PER_CLASS)
    class OverriddenValues {

        private final List<Map<String, Object>> objects;

        OverriddenValues(@TempDir Path tmp) throws IOException {
            Path values = tmp.resolve("values-prod.yaml");
            Files.writeString(
                    values,
                    """
                    image:
                      registry: registry.example.com/mnemos
                      tag: "1.2.3"
                    kafka:
                      bootstrapServers: kafka-0.kafka:9092,kafka-1.kafka:9092
                    postgresql:
                      host: pg.db.svc
                      port: 6432
                      database: mnemos_prod
                      username: mnemos_app
                      existingSecret: mnemos-db
                      existingSecretPasswordKey: pg-password
                      jdbcParameters: sslmode=require
                    auth:
                      existingSecret: mnemos-credentials
                    persistence:
                      enabled: true
                      storageClass: fast-ssd
                      size: 20Gi
                    ingress:
                      enabled: true
                      className: nginx
                      host: mnemos.example.com
                      tls:
                        - secretName: mnemos-tls
                          hosts: [mnemos.example.com]
                    services:
                      speech-service:
                        enabled: false
                      vision-service:
                        image:
                          tag: "1.2.4"
                    """);
            objects = render(template().withValuesFile(values).set("services.gateway.replicaCount", 2));
        }

        @Test
        void dataServicesGetAClaimMountedWithRecreateStrategy() {
            List<Map<String, Object>> claims = ofKind(objects, "PersistentVolumeClaim");
            assertThat(claims)
                    .extracting(c -> stringAt(c, "metadata.name"))
                    .containsExactlyInAnyOrder("mnemos-memory-service-data", "mnemos-retrieval-service-data");
            for (Map<String, Object> claim : claims) {
                assertThat(stringAt(claim, "spec.storageClassName")).isEqualTo("fast-ssd");
                assertThat(mapAt(claim, "metadata.annotations")).containsEntry("helm.sh/resource-policy", "keep");
            }
            // retrieval-service sets its own size; memory-service falls back to persistence.size.
            assertThat(stringAt(
                            find(objects, "PersistentVolumeClaim", "mnemos-retrieval-service-data"),
                            "spec.resources.requests.storage"))
                    .isEqualTo("10Gi");
            assertThat(stringAt(
                            find(objects, "PersistentVolumeClaim", "mnemos-memory-service-data"),
                            "spec.resources.requests.storage"))
                    .isEqualTo("20Gi");

            for (String service : Repo.DATA_SERVICES) {
                Map<String, Object> deployment = find(objects, "Deployment", "mnemos-" + service);
                assertThat(stringAt(volume(deployment, "data"), "persistentVolumeClaim.claimName"))
                        .isEqualTo("mnemos-" + service + "-data");
                assertThat(stringAt(deployment, "spec.strategy.type")).isEqualTo("Recreate");
                assertThat(asList(container(deployment).get("volumeMounts"))).anySatisfy(m -> assertThat(asMap(m))
                        .containsEntry("name", "data")
                        .containsEntry("mountPath", "/var/lib/mnemos"));
            }
        }

        @Test
        void ingressRoutesToTheGatewayService() {
            Map<String, Object> ingress = find(objects, "Ingress", "mnemos-gateway");
            assertThat(stringAt(ingress, "apiVersion")).isEqualTo("networking.k8s.io/v1");
            assertThat(stringAt(ingress, "spec.ingressClassName")).isEqualTo("nginx");
            Map<String, Object> rule =
                    asMap(asList(at(ingress, "spec.rules").orElseThrow()).getFirst());
            assertThat(rule).containsEntry("host", "mnemos.example.com");
            Map<String, Object> path =
                    asMap(asList(at(rule, "http.paths").orElseThrow()).getFirst());
            assertThat(stringAt(path, "backend.service.name")).isEqualTo("mnemos-gateway");
            assertThat(stringAt(path, "backend.service.port.name")).isEqualTo("http");
            assertThat(asList(at(ingress, "spec.tls").orElseThrow())).hasSize(1);
        }

        @Test
        void externalInfrastructureAndExistingSecretsAreUsed() {
            assertThat(ofKind(objects, "Secret"))
                    .as("no chart Secret with existing ones")
                    .isEmpty();
            for (Map<String, Object> deployment : ofKind(objects, "Deployment")) {
                Map<String, Map<String, Object>> env = env(container(deployment));
                assertThat(env.get("SPRING_DATASOURCE_URL"))
                        .containsEntry("value", "jdbc:postgresql://pg.db.svc:6432/mnemos_prod?sslmode=require");
                assertThat(env.get("SPRING_DATASOURCE_USERNAME")).containsEntry("value", "mnemos_app");
                assertThat(env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS"))
                        .containsEntry("value", "kafka-0.kafka:9092,kafka-1.kafka:9092");
                assertThat(stringAt(env.get("SPRING_DATASOURCE_PASSWORD"), "valueFrom.secretKeyRef.name"))
                        .isEqualTo("mnemos-db");
                assertThat(stringAt(env.get("SPRING_DATASOURCE_PASSWORD"), "valueFrom.secretKeyRef.key"))
                        .isEqualTo("pg-password");
                assertThat(stringAt(env.get("MNEMOS_SECURITY_INTERNAL_SECRET"), "valueFrom.secretKeyRef.name"))
                        .isEqualTo("mnemos-credentials");
            }
        }

        @Test
        void imagesReplicasAndDisabledServicesFollowTheValues() {
            assertThat(container(find(objects, "Deployment", "mnemos-gateway")).get("image"))
                    .isEqualTo("registry.example.com/mnemos/mnemos/gateway:1.2.3");
            assertThat(container(find(objects, "Deployment", "mnemos-vision-service"))
                            .get("image"))
                    .isEqualTo("registry.example.com/mnemos/mnemos/vision-service:1.2.4");
            assertThat(at(find(objects, "Deployment", "mnemos-gateway"), "spec.replicas"))
                    .contains(2);

            assertThat(summary(objects))
                    .doesNotContain("Deployment/mnemos-speech-service", "Service/mnemos-speech-service");
            assertThat(env(container(find(objects, "Deployment", "mnemos-gateway"))))
                    .doesNotContainKey("MNEMOS_GATEWAY_SERVICES_SPEECH")
                    .containsKey("MNEMOS_GATEWAY_SERVICES_VISION");
        }
    }

    @Test
    void explicitCredentialsGoIntoAChartSecret() {
        List<Map<String, Object>> objects =
                render(template().set("auth.internalSecret", "s3cret").set("auth.adminKey", "adm1n"));

        Map<String, Object> secret = find(objects, "Secret", "mnemos-auth");
        assertThat(mapAt(secret, "data")).containsOnlyKeys("internal-secret", "admin-key");
        Map<String, Map<String, Object>> gateway = env(container(find(objects, "Deployment", "mnemos-gateway")));
        assertThat(stringAt(gateway.get("MNEMOS_ADMIN_KEY"), "valueFrom.secretKeyRef.name"))
                .isEqualTo("mnemos-auth");
    }

    @Test
    void notesExplainHowToReachTheGatewayAndWarnAboutMissingSettings() {
        // A client-only dry-run install renders NOTES.txt without a cluster.
        Release release = new Helm(chart)
                .install()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .dryRun()
                .withDryRunOption(DryRun.CLIENT)
                .clientOnly()
                .call();

        assertThat(release.getOutput())
                .contains("NOTES:")
                .contains("kubectl -n " + NAMESPACE + " port-forward svc/mnemos-gateway 8080:8080")
                .contains("http://mnemos-retrieval-service:8083")
                .contains("Secret mnemos-auth-generated")
                .contains("WARNING: no PostgreSQL password is set")
                .contains("WARNING: persistence.enabled is false");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "services.gateway.port, http, services.gateway.port",
        "persistence.enabled, yes, persistence.enabled",
        "services.memory-service.replicaCount, -1, services.memory-service.replicaCount",
        "image.pullPolicy, Sometimes, image.pullPolicy",
        "ingress.pathType, Fuzzy, ingress.pathType",
        "replicaCount, 3, replicaCount",
    })
    void schemaRejectsInvalidValues(String key, String value, String reported) {
        assertThatThrownBy(() -> template().set(key, value).call())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema")
                .hasMessageContaining(reported);
    }

    @Test
    void halfGivenCredentialsAreRejected() {
        assertThatThrownBy(() -> template().set("auth.adminKey", "only-one").call())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("auth.internalSecret");
    }

    private static Path copyChart(Path target) throws IOException {
        Path copy = target.resolve("mnemos");
        try (Stream<Path> files = Files.walk(chart)) {
            for (Path source : files.toList()) {
                Path destination = copy.resolve(chart.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination);
                }
            }
        }
        return copy;
    }
}
