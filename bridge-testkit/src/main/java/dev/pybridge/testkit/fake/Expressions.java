package dev.pybridge.testkit.fake;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake worker's whole "Python": literals ({@code None}, {@code True}, {@code False}, integers
 * of any size, floats, quoted strings, lists of these) and integer arithmetic ({@code + - * // % **},
 * unary minus, parentheses) over literals and names that {@code exec} bound in the session.
 * Division by zero fails as Python's does ({@code ZeroDivisionError}). Code outside this small
 * language is not evaluated (see {@link #evaluate}); nothing here ever runs anything.
 */
final class Expressions {

    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*=(?!=)\\s*(.*)", Pattern.DOTALL);
    private static final int MAX_EXPONENT = 10_000;
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private Expressions() {}

    /** An expression's value, which may be Python's None (null). */
    record Value(Object value) {}

    /**
     * The value of {@code code}, or empty when it is not an expression of the fake's language (or
     * names something the namespace does not hold).
     *
     * @throws WorkerError {@code ZeroDivisionError} for {@code // 0} and {@code % 0}
     */
    static Optional<Value> evaluate(String code, Map<String, Object> namespace) {
        try {
            Parser parser = new Parser(Tokens.of(code), namespace);
            Object value = parser.expression();
            parser.expectEnd();
            return Optional.of(new Value(normalized(value)));
        }
        catch (NotEvaluable e) {
            return Optional.empty();
        }
    }

    /**
     * Runs {@code code}'s statements, one a line (or separated by {@code ;}): {@code name = expr}
     * binds the name to what {@link #evaluate} gives for {@code expr} (its text when it gives
     * nothing); other statements do nothing. Returns the value of the last statement when it is
     * an expression the fake evaluates, as the worker's {@code exec} command does; else null.
     */
    static Object execute(String code, Map<String, Object> namespace) {
        Object last = null;
        for (String statement : Tokens.statements(code)) {
            Matcher assignment = ASSIGNMENT.matcher(statement);
            if (assignment.matches()) {
                String expression = assignment.group(2).strip();
                namespace.put(assignment.group(1), evaluate(expression, namespace).orElse(new Value(expression)).value());
                last = null;
            }
            else {
                last = evaluate(statement, namespace).map(Value::value).orElse(null);
            }
        }
        return last;
    }

    private static Object normalized(Object value) {
        if (value instanceof BigInteger big) {
            return big.compareTo(LONG_MIN) >= 0 && big.compareTo(LONG_MAX) <= 0 ? (Object) big.longValue() : big;
        }
        if (value instanceof List<?> list) {
            List<Object> elements = new ArrayList<>(list.size());
            list.forEach(element -> elements.add(normalized(element)));
            return Collections.unmodifiableList(elements);
        }
        return value;
    }

    /** Code outside the fake's language. */
    static final class NotEvaluable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotEvaluable() {
            super(null, null, false, false);
        }
    }

    /** A recursive-descent parser that evaluates as it goes. */
    private static final class Parser {
        private final List<Tokens.Token> tokens;
        private final Map<String, Object> namespace;
        private int next;

        Parser(List<Tokens.Token> tokens, Map<String, Object> namespace) {
            this.tokens = tokens;
            this.namespace = namespace;
        }

        void expectEnd() {
            if (next != tokens.size()) {
                throw new NotEvaluable();
            }
        }

        Object expression() {
            Object value = term();
            while (peek("+") || peek("-")) {
                String operator = take().text();
                BigInteger left = integer(value);
                BigInteger right = integer(term());
                value = operator.equals("+") ? left.add(right) : left.subtract(right);
            }
            return value;
        }

        private Object term() {
            Object value = unary();
            while (peek("*") || peek("//") || peek("%")) {
                String operator = take().text();
                BigInteger left = integer(value);
                BigInteger right = integer(unary());
                value = switch (operator) {
                    case "*" -> left.multiply(right);
                    case "//" -> floorDivide(left, right)[0];
                    default -> floorDivide(left, right)[1];
                };
            }
            return value;
        }

        private Object unary() {
            if (peek("-") || peek("+")) {
                boolean negate = take().text().equals("-");
                Object value = unary();
                if (value instanceof Double number) {
                    return negate ? -number : number;
                }
                return negate ? integer(value).negate() : integer(value);
            }
            return power();
        }

        private Object power() {
            Object base = atom();
            if (!peek("**")) {
                return base;
            }
            take();
            BigInteger exponent = integer(unary());
            if (exponent.signum() < 0 || exponent.compareTo(BigInteger.valueOf(MAX_EXPONENT)) > 0) {
                throw new NotEvaluable();
            }
            return integer(base).pow(exponent.intValueExact());
        }

        private Object atom() {
            if (next == tokens.size()) {
                throw new NotEvaluable();
            }
            Tokens.Token token = take();
            return switch (token.kind()) {
                case INTEGER -> new BigInteger(token.text());
                case FLOAT -> Double.parseDouble(token.text());
                case STRING -> token.text();
                case NAME -> name(token.text());
                case SYMBOL -> group(token.text());
            };
        }

        private Object name(String name) {
            return switch (name) {
                case "None" -> null;
                case "True" -> Boolean.TRUE;
                case "False" -> Boolean.FALSE;
                default -> {
                    if (!namespace.containsKey(name)) {
                        throw new NotEvaluable();
                    }
                    Object value = namespace.get(name);
                    yield value instanceof Long number ? BigInteger.valueOf(number) : value;
                }
            };
        }

        private Object group(String opening) {
            if (opening.equals("(")) {
                Object value = expression();
                expect(")");
                return value;
            }
            if (!opening.equals("[")) {
                throw new NotEvaluable();
            }
            List<Object> elements = new ArrayList<>();
            while (!peek("]")) {
                elements.add(expression());
                if (!peek("]")) {
                    expect(",");
                }
            }
            take();
            return elements;
        }

        private boolean peek(String symbol) {
            return next < tokens.size() && tokens.get(next).kind() == Tokens.Kind.SYMBOL && tokens.get(next).text().equals(symbol);
        }

        private Tokens.Token take() {
            return tokens.get(next++);
        }

        private void expect(String symbol) {
            if (!peek(symbol)) {
                throw new NotEvaluable();
            }
            take();
        }

        private static BigInteger integer(Object value) {
            if (value instanceof BigInteger big) {
                return big;
            }
            throw new NotEvaluable();
        }

        // Python's // and %: the quotient rounds down, the remainder takes the divisor's sign.
        private static BigInteger[] floorDivide(BigInteger left, BigInteger right) {
            if (right.signum() == 0) {
                throw new WorkerError("ZeroDivisionError", "integer division or modulo by zero");
            }
            BigInteger[] quotientAndRemainder = left.divideAndRemainder(right);
            if (quotientAndRemainder[1].signum() != 0 && quotientAndRemainder[1].signum() != right.signum()) {
                return new BigInteger[] {quotientAndRemainder[0].subtract(BigInteger.ONE), quotientAndRemainder[1].add(right)};
            }
            return quotientAndRemainder;
        }
    }
}
