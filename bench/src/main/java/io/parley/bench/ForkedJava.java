package io.parley.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts another JVM on this process's classpath (the baseline server, extra connect clients). */
final class ForkedJava {

    private ForkedJava() {
    }

    static ProcessBuilder command(Class<?> main, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        return new ProcessBuilder(command);
    }
}
