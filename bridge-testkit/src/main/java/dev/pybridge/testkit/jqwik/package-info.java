/**
 * jqwik support for the wire: {@link dev.pybridge.testkit.jqwik.WireArbitraries} for values,
 * requests, replies and the ways a byte stream arrives in pieces, published by type through
 * {@link dev.pybridge.testkit.jqwik.PyBridgeDomain} for a property that opts in with
 * {@code @Domain(PyBridgeDomain.class)}.
 *
 * @since 0.2
 */
package dev.pybridge.testkit.jqwik;
