package io.parley.deploy;

import java.util.Map;

/**
 * How one deployment artefact (a chart Deployment, a compose service, a Dockerfile) runs one Parley service: the
 * environment it sets (a null value: taken from a Secret or the pod, unknown here), the port it expects the service
 * on, the management port it declares (health and metrics; null: none), and its health checks as kind (liveness,
 * readiness, startup, healthcheck) to the HTTP path and port probed.
 */
record ContainerWiring(String origin, String service, Map<String, String> env, Integer containerPort,
                       Integer managementPort, Map<String, Probe> probes) {

    /** One HTTP health check: path and port (the port already resolved when the artefact names it). */
    record Probe(String path, Integer port) {
    }

    ContainerWiring withEnv(Map<String, String> otherEnv) {
        return new ContainerWiring(origin, service, otherEnv, containerPort, managementPort, probes);
    }

    ContainerWiring withContainerPort(Integer port) {
        return new ContainerWiring(origin, service, env, port, managementPort, probes);
    }

    ContainerWiring withProbes(Map<String, Probe> otherProbes) {
        return new ContainerWiring(origin, service, env, containerPort, managementPort, otherProbes);
    }
}
