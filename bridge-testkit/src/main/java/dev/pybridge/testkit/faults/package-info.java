/**
 * Faults for real Python workers: {@link dev.pybridge.testkit.faults.PythonFaults} turns a
 * configuration into one whose workers crash, hang, break the protocol, flood stderr, answer slowly
 * or fork and die, as {@link dev.pybridge.testkit.Fault}s say.
 *
 * @since 0.2
 */
package dev.pybridge.testkit.faults;
