package io.parley.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The Parley checkout under test: where the services, the chart, docker-compose.yml and the k6 scripts live. */
final class Repository {

    /** The five services, in start order; each name is its module directory, image, chart key and compose service. */
    static final List<String> SERVICES =
            List.of("auth-service", "chat-service", "session-service", "media-service", "gateway");

    private Repository() {
    }

    static Path root() {
        // surefire passes the checkout root; from an IDE the working directory is the module or the root
        String configured = System.getProperty("parley.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("gateway")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no Parley checkout above " + start);
    }

    static Path chart() {
        return root().resolve("deploy/k8s/parley");
    }

    static Path applicationProperties(String service) {
        return root().resolve(service).resolve("src/main/resources/application.properties");
    }

    /** The one Dockerfile of the five services (built with SERVICE, HTTP_PORT, VERSION and BASE_IMAGE arguments). */
    static Path dockerfile() {
        return root().resolve("deploy/docker/Dockerfile.jvm");
    }

    /** A path of the checkout as written in messages: relative to its root, with '/'. */
    static String relative(Path path) {
        return root().relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
