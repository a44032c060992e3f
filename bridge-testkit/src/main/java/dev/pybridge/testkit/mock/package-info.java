/**
 * The {@code mock} layer: a {@link dev.pybridge.testkit.mock.MockBridge} and a
 * {@link dev.pybridge.testkit.mock.MockAdapter} in pure Java, answering from a script or by rule,
 * deterministic, with no Python process; and the {@code mock} adapter provider. For code whose own
 * logic is under test; the {@code python} layer runs the real workers.
 *
 * @since 0.2
 */
package dev.pybridge.testkit.mock;
