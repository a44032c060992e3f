package dev.pybridge.cli.bench;

/**
 * The floor of {@link FirstCallChild}: a fresh JVM that starts the same interpreter with a bare
 * frame-echo loop ({@link RawPipeFloor}), sends one frame and prints the reply. No PyBridge code.
 */
public final class FirstCallFloor {

    private FirstCallFloor() {}

    public static void main(String[] args) throws Exception {
        try (RawPipeFloor floor = new RawPipeFloor(args[0])) {
            System.out.println("REPLY " + floor.echo("hello"));
            System.out.flush();
        }
    }
}
