/**
 * The {@code bridge-mock} layer: {@link dev.pybridge.testkit.fake.FakeWorkerLauncher} starts fake
 * workers inside the JVM that speak the real wire protocol, so that the real bridges run without
 * Python; {@link dev.pybridge.testkit.fake.BridgeMockAdapterProvider} is the {@code bridge-mock}
 * adapter over them.
 *
 * @since 0.2
 */
package dev.pybridge.testkit.fake;
