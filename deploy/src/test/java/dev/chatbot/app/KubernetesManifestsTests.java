package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** deploy/k8s, parsed: the shapes it promises, and only environment variables the app reads. */
class KubernetesManifestsTests {

    static final Path K8S = Path.of("k8s");
    static final Path APPLICATION_YML = Path.of("src/main/resources/application.yml");

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(Path file) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(Files.readString(file))) {
            if (doc != null) {
                out.add((Map<String, Object>) doc);
            }
        }
        return out;
    }

    static Map<String, Object> one(Path file, String kind) throws IOException {
        return documents(file).stream().filter(d -> kind.equals(d.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError(file + " has no " + kind));
    }

    @SuppressWarnings("unchecked")
    static Object at(Object node, String... path) {
        Object here = node;
        for (String step : path) {
            if (here instanceof Map<?, ?> map) {
                here = map.get(step);
            } else if (here instanceof List<?> list) {
                here = list.get(Integer.parseInt(step));
            } else {
                return null;
            }
        }
        return here;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> env(Map<String, Object> deployment) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> c : (List<Map<String, Object>>) at(deployment, "spec", "template", "spec", "containers")) {
            out.addAll((List<Map<String, Object>>) c.getOrDefault("env", List.of()));
        }
        return out;
    }

    /** The environment variables application.yml maps, e.g. ${BOT_REDIS_URL:}. */
    static Set<String> variablesTheAppReads() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)[:}]").matcher(Files.readString(APPLICATION_YML));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void every_kustomization_names_files_that_exist() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path k : files.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).toList()) {
                Map<String, Object> doc = documents(k).getFirst();
                List<String> named = new ArrayList<>();
                named.addAll(strings(doc.get("resources")));
                for (Object patch : (List<?>) doc.getOrDefault("patches", List.of())) {
                    named.add((String) ((Map<?, ?>) patch).get("path"));
                }
                for (String n : named) {
                    assertThat(k.getParent().resolve(n)).as(k + " names " + n).exists();
                }
            }
        }
    }

    @Test
    void the_base_runs_three_replicas_with_probes_resources_and_a_disruption_budget() throws IOException {
        Map<String, Object> deployment = one(K8S.resolve("base/deployment.yaml"), "Deployment");
        assertThat(at(deployment, "spec", "replicas")).isEqualTo(3);
        assertThat(at(deployment, "spec", "strategy", "rollingUpdate", "maxUnavailable")).isEqualTo(0);
        Object container = at(deployment, "spec", "template", "spec", "containers", "0");
        assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
        assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        for (String kind : List.of("requests", "limits")) {
            assertThat(at(container, "resources", kind, "memory")).as(kind + " memory").isNotNull();
            assertThat(at(container, "resources", kind, "cpu")).as(kind + " cpu").isNotNull();
        }
        // longer than the answers' grace (10 s by default) plus the web server's own drain
        assertThat((Integer) at(deployment, "spec", "template", "spec", "terminationGracePeriodSeconds")).isGreaterThanOrEqualTo(30);

        Map<String, Object> pdb = one(K8S.resolve("base/pdb.yaml"), "PodDisruptionBudget");
        assertThat(at(pdb, "spec", "selector", "matchLabels")).isEqualTo(at(deployment, "spec", "template", "metadata", "labels"));
        assertThat(at(pdb, "spec", "maxUnavailable")).isEqualTo(1);
        Map<String, Object> service = one(K8S.resolve("base/service.yaml"), "Service");
        assertThat(at(service, "spec", "selector")).isEqualTo(at(deployment, "spec", "template", "metadata", "labels"));
    }

    @Test
    void each_replica_is_named_after_its_pod() throws IOException {
        Map<String, Object> deployment = one(K8S.resolve("base/deployment.yaml"), "Deployment");
        Map<String, Object> name = env(deployment).stream().filter(e -> "BOT_REPLICA_NAME".equals(e.get("name"))).findFirst()
                .orElseThrow();
        assertThat(at(name, "valueFrom", "fieldRef", "fieldPath")).isEqualTo("metadata.name");
    }

    @Test
    void the_manifests_set_only_environment_variables_the_app_reads() throws IOException {
        Set<String> known = variablesTheAppReads();
        assertThat(known).contains("BOT_REDIS_URL", "BOT_REPLICA_NAME", "BOT_REPLICA_LEASE", "SERVER_PORT");
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                for (Map<String, Object> doc : documents(file)) {
                    if ("Deployment".equals(doc.get("kind"))) {
                        for (Map<String, Object> e : env(doc)) {
                            assertThat(known).as(file + " sets " + e.get("name")).contains((String) e.get("name"));
                        }
                    }
                }
            }
        }
    }

    @Test
    void the_single_overlay_runs_one_replica_on_its_own_redis() throws IOException {
        Path single = K8S.resolve("overlays/single");
        Map<String, Object> patch = one(single.resolve("single-replica.yaml"), "Deployment");
        assertThat(at(patch, "spec", "replicas")).isEqualTo(1);
        Map<String, Object> url = env(patch).stream().filter(e -> "BOT_REDIS_URL".equals(e.get("name"))).findFirst().orElseThrow();
        assertThat(url.get("value")).isEqualTo("redis://chatbot-redis:6379");
        Map<String, Object> redis = documents(single.resolve("redis.yaml")).stream()
                .filter(d -> "Service".equals(d.get("kind"))).findFirst().orElseThrow();
        assertThat(at(redis, "metadata", "name")).isEqualTo("chatbot-redis");
        assertThat(at(redis, "spec", "ports", "0", "port")).isEqualTo(6379);
    }

    @Test
    void the_replicas_overlay_runs_several_on_an_external_redis() throws IOException {
        Map<String, Object> k = documents(K8S.resolve("overlays/replicas/kustomization.yaml")).getFirst();
        assertThat((Integer) at(k, "replicas", "0", "count")).isGreaterThan(1);
        assertThat(strings(k.get("resources"))).containsExactly("../../base"); // no Redis of its own: BOT_REDIS_URL is in the Secret
    }

    private static List<String> strings(Object list) {
        List<String> out = new ArrayList<>();
        if (list instanceof List<?> l) {
            l.forEach(o -> out.add(String.valueOf(o)));
        }
        return out;
    }
}
