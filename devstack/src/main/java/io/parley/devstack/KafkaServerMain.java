package io.parley.devstack;

/**
 * Runs the Kafka broker and ends it (through Kafka's own shutdown hook) when the devstack process that started it
 * dies, even by SIGKILL, so a broker is never orphaned.
 */
public final class KafkaServerMain {

    private KafkaServerMain() {
    }

    public static void main(String[] args) throws Exception {
        long parentPid = Long.parseLong(args[0]);
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> System.exit(0)),
                () -> System.exit(0));
        kafka.Kafka.main(new String[] {args[1]});
    }
}
