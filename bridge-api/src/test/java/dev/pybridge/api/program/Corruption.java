package dev.pybridge.api.program;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One way to break a valid signature's text, so that what is fed to the parser is close to what a
 * person writes by mistake. Each works on the fields' texts and joins them itself, so the damage
 * lands where it is meant to and never inside a string literal.
 */
enum Corruption {

    DROP_ARROW {
        @Override
        Arbitrary<String> apply(List<String> inputs, List<String> outputs) {
            return Arbitraries.of(" ", "", "\n", " - ", " > ", " => ")
                    .map(gap -> String.join(", ", inputs) + gap + String.join(", ", outputs));
        }
    },
    DANGLING_COMMA {
        @Override
        Arbitrary<String> apply(List<String> inputs, List<String> outputs) {
            return Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 2),
                    Arbitraries.of(",", " ,", ", ", ",,")).as((onInputs, where, comma) -> {
                        List<String> side = new ArrayList<>(onInputs ? inputs : outputs);
                        switch (where) {
                            case 0 -> side.set(0, comma + side.get(0));
                            case 1 -> side.set(side.size() - 1, side.get(side.size() - 1) + comma);
                            default -> side.add(side.size() / 2, "");
                        }
                        return onInputs ? join(side, outputs) : join(inputs, side);
                    });
        }
    },
    UNCLOSED_BRACKET {
        @Override
        Arbitrary<String> apply(List<String> inputs, List<String> outputs) {
            return onOneField(inputs, outputs, Combinators.combine(SignatureArbitraries.fieldTypes(2),
                    Arbitraries.of("list[", "Optional[", "dict[str, ")).as((type, open) -> name -> name + ": " + open + type.pythonForm()));
        }
    },
    INVALID_IDENTIFIER {
        @Override
        Arbitrary<String> apply(List<String> inputs, List<String> outputs) {
            return onOneField(inputs, outputs, Arbitraries.of("1%s", "%s-x", "$%s", "%s$", "na\u00efve_%s", "class", "lambda", "0")
                    .map(pattern -> name -> String.format(pattern, name)));
        }
    },
    UNKNOWN_TYPE {
        @Override
        Arbitrary<String> apply(List<String> inputs, List<String> outputs) {
            Arbitrary<String> unknown = Arbitraries.of("string", "integer", "Str", "INT", "number", "tuple", "Any", "double",
                    "set", "list_", "typing", "None", "Union");
            return onOneField(inputs, outputs, Combinators.combine(unknown, Arbitraries.of("%s", "list[%s]", "dict[str, %s]"))
                    .as((type, shape) -> name -> name + ": " + String.format(shape, type)));
        }
    },
    EMPTY_SIDE {
        @Override
        Arbitrary<String> apply(List<String> inputs, List<String> outputs) {
            return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of("", " ", "\n\t"))
                    .as((onInputs, blank) -> onInputs
                            ? blank + "-> " + String.join(", ", outputs)
                            : String.join(", ", inputs) + " ->" + blank);
        }
    };

    /** Corrupted texts of {@code signature}. */
    Arbitrary<String> apply(Signature signature) {
        return apply(texts(signature.inputs()), texts(signature.outputs()));
    }

    abstract Arbitrary<String> apply(List<String> inputs, List<String> outputs);

    private static List<String> texts(List<SignatureField> fields) {
        return fields.stream().map(SignatureField::text).toList();
    }

    private static String join(List<String> inputs, List<String> outputs) {
        return String.join(", ", inputs) + " -> " + String.join(", ", outputs);
    }

    /** Replaces one field, chosen at random, by what {@code damage} makes of its name. */
    private static Arbitrary<String> onOneField(List<String> inputs, List<String> outputs,
            Arbitrary<UnaryOperator<String>> damage) {
        int count = inputs.size() + outputs.size();
        return Combinators.combine(Arbitraries.integers().between(0, count - 1), damage).as((index, change) -> {
            List<String> all = new ArrayList<>(inputs);
            all.addAll(outputs);
            String field = all.get(index);
            String name = field.contains(":") ? field.substring(0, field.indexOf(':')) : field;
            all.set(index, change.apply(name));
            return join(all.subList(0, inputs.size()), all.subList(inputs.size(), count));
        });
    }
}
