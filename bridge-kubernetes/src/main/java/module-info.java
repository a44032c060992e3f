/**
 * The {@code kubernetes} worker launcher: one pod per worker through the fabric8 Kubernetes client
 * ({@link dev.pybridge.kubernetes.KubernetesLauncherProvider}, {@link dev.pybridge.kubernetes.KubernetesLauncher}).
 * It is a module of its own, never part of bridge-core, because fabric8's client and its model
 * classes weigh tens of megabytes that users of local or ssh workers should not carry.
 *
 * @since 0.3
 */
module dev.pybridge.kubernetes {
    requires transitive dev.pybridge.core;
    requires org.slf4j;
    // fabric8's jars name no module: these are automatic modules named after their files. Being automatic, they read
    // each other and the rest (the model, the JDK HTTP client found by ServiceLoader) is resolved with them.
    requires kubernetes.client.api;
    requires kubernetes.model.core;
    requires kubernetes.model.common;
    requires kubernetes.client;
    requires io.fabric8.kubernetes.client.jdkhttp;

    exports dev.pybridge.kubernetes;

    provides dev.pybridge.core.launch.LauncherProvider with dev.pybridge.kubernetes.KubernetesLauncherProvider;
}
