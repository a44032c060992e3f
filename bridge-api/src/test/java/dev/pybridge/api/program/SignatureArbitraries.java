package dev.pybridge.api.program;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Field types nested up to a depth, and signatures without descriptions or instructions. */
final class SignatureArbitraries {

    private SignatureArbitraries() {
    }

    /** A type whose brackets nest at most {@code depth} deep. */
    static Arbitrary<FieldType> fieldTypes(int depth) {
        if (depth == 0) {
            return leaves();
        }
        Arbitrary<FieldType> inner = Arbitraries.lazy(() -> fieldTypes(depth - 1));
        return Arbitraries.frequencyOf(
                Tuple.of(3, leaves()),
                Tuple.of(1, inner.map(FieldType::listOf)),
                Tuple.of(1, Combinators.combine(keys(), inner).as(FieldType::dictOf)),
                Tuple.of(1, inner.map(FieldType::optionalOf)));
    }

    static Arbitrary<FieldType> leaves() {
        return Arbitraries.frequencyOf(Tuple.of(4, scalars()), Tuple.of(1, literals()));
    }

    static Arbitrary<FieldType> scalars() {
        return Arbitraries.of(FieldType.STR, FieldType.INT, FieldType.FLOAT, FieldType.BOOL);
    }

    static Arbitrary<FieldType> keys() {
        return Arbitraries.frequencyOf(Tuple.of(4, scalars()), Tuple.of(1, literals()));
    }

    /** Literals whose strings hold quotes, backslashes, line breaks, control characters and any UTF-16 unit, lone surrogates included. */
    static Arbitrary<FieldType> literals() {
        Arbitrary<String> tricky = Arbitraries.strings().withChars("ab '\"\\\n\r\t\u0000\u007f\u00e9\u2028\ufeff").ofMaxLength(5);
        Arbitrary<String> anything = Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(4);
        return Arbitraries.oneOf(tricky, anything).list().ofMinSize(1).ofMaxSize(4).uniqueElements()
                .map(FieldType.LiteralOf::new);
    }

    /** ASCII identifiers that are not Python keywords. */
    static Arbitrary<String> names() {
        Arbitrary<Character> first = Arbitraries.chars().range('a', 'z').range('A', 'Z').with('_');
        Arbitrary<String> rest = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').withChars('_').ofMaxLength(6);
        return Combinators.combine(first, rest).as((c, tail) -> c + tail).filter(name -> !Identifiers.isKeyword(name));
    }

    static Arbitrary<SignatureField> fields(String name) {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(FieldType.STR)), Tuple.of(2, fieldTypes(3)))
                .map(type -> SignatureField.of(name, type));
    }

    /** Signatures of one to eight fields with distinct names, without descriptions or instructions. */
    static Arbitrary<Signature> signatures() {
        return names().list().ofMinSize(2).ofMaxSize(8).uniqueElements().flatMap(names ->
                Combinators.combine(fieldLists(names), Arbitraries.integers().between(1, names.size() - 1))
                        .as((fields, split) -> new Signature(fields.subList(0, split), fields.subList(split, fields.size()),
                                Optional.empty())));
    }

    private static Arbitrary<List<SignatureField>> fieldLists(List<String> names) {
        List<Arbitrary<SignatureField>> each = new ArrayList<>();
        names.forEach(name -> each.add(fields(name)));
        return Combinators.combine(each).as(List::copyOf);
    }
}
