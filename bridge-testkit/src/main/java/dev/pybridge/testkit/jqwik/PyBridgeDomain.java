package dev.pybridge.testkit.jqwik;

import dev.pybridge.api.Call;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Provide;
import net.jqwik.api.domains.DomainContextBase;

/**
 * The wire's arbitraries by type, for a property that opts in: {@link WireValue}, {@link Call},
 * {@link WireReply} and {@link StreamSplit} parameters get {@link WireArbitraries}'
 * {@link WireArbitraries#values() values}, {@link WireArbitraries#calls() calls},
 * {@link WireArbitraries#replies() replies} and {@link WireArbitraries#splits() splits}.
 *
 * <p>A property in a domain sees only that domain's arbitraries; add jqwik's global one for the
 * usual types (lists, numbers, strings) beside it. Ask for these types, not for {@code Object},
 * which every one of them would fit.
 *
 * <pre>{@code
 * @Property
 * @Domain(PyBridgeDomain.class)
 * @Domain(DomainContext.Global.class)
 * void echoes(@ForAll WireValue value, @ForAll @Size(max = 5) List<WireReply> replies) { ... }
 * }</pre>
 *
 * @since 0.2
 */
public class PyBridgeDomain extends DomainContextBase {

    @Provide
    public Arbitrary<WireValue> values() {
        return WireArbitraries.values();
    }

    @Provide
    public Arbitrary<Call> calls() {
        return WireArbitraries.calls();
    }

    @Provide
    public Arbitrary<WireReply> replies() {
        return WireArbitraries.replies();
    }

    @Provide
    public Arbitrary<StreamSplit> splits() {
        return WireArbitraries.splits();
    }
}
