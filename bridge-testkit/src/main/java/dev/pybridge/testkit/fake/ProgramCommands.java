package dev.pybridge.testkit.fake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The program commands (python/PROTOCOL.md, "Program commands") on the fake worker, as if DSPy
 * were installed and every LM were the tests' answering LM ({@link AnsweringLm}). As in the real
 * worker, LMs belong to the worker by scope, programs to the request's session, and programs
 * built from definitions are kept by digest (the last 32).
 */
final class ProgramCommands {

    private static final int DEFINITIONS_KEPT = 32;
    private static final String[] PROGRAM_ARGS = {"program_id", "signature", "kind", "options", "lm_scope"};

    private final String workerId;
    private final Sessions sessions;
    private final Map<String, String> modelsByScope = new ConcurrentHashMap<>();
    private final Map<String, FakeProgram> definitions = new LinkedHashMap<>(DEFINITIONS_KEPT, 0.75f, true);

    ProgramCommands(String workerId, Sessions sessions) {
        this.workerId = workerId;
        this.sessions = sessions;
    }

    /** Adds the program commands to {@code table}. */
    void addTo(Map<String, Command> table) {
        table.put("configure_lm", this::configureLm);
        table.put("create_program", this::createProgram);
        table.put("execute_program", this::executeProgram);
        table.put("list_programs", this::listPrograms);
        table.put("get_program", request -> program(request, Args.of("get_program", request.args(), "program_id")).info());
        table.put("delete_program", this::deleteProgram);
        table.put("save_program", this::saveProgram);
        table.put("load_program", this::loadProgram);
        table.put("dspy_info", request -> {
            Args.of("dspy_info", request.args());
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("available", true);
            info.put("version", "bridge-mock");
            info.put("problem", null);
            return info;
        });
    }

    private Object configureLm(Request request) {
        Args args = Args.of("configure_lm", request.args(), "scope", "model", "api_key", "api_base", "temperature", "max_tokens",
                "cache", "kwargs", "factory");
        String scope = args.string("scope", "default");
        String model = args.string("model");
        args.nullableString("api_key");
        args.nullableString("api_base");
        args.nullableNumber("temperature");
        args.nullableInteger("max_tokens");
        args.nullableBool("cache");
        args.nullableString("factory");
        for (String key : args.map("kwargs", Map.of()).keySet()) {
            if (key.equals("model") || List.of("api_key", "api_base", "temperature", "max_tokens", "cache").contains(key)) {
                throw WorkerError.invalidArguments("configure_lm: 'kwargs' must not hold '" + key + "': pass it as the argument '"
                        + key + "' instead");
            }
        }
        if (scope.isEmpty() || model.isEmpty()) {
            throw WorkerError.invalidArguments("configure_lm: argument '" + (scope.isEmpty() ? "scope" : "model") + "' must not be empty");
        }
        modelsByScope.put(scope, model);
        return Map.of("scope", scope, "model", model);
    }

    private Object createProgram(Request request) {
        FakeProgram program = ProgramParser.parse("create_program", Args.of("create_program", request.args(), PROGRAM_ARGS));
        Sessions.Session session = sessions.of(request.session());
        synchronized (session) {
            if (session.programs.containsKey(program.id())) {
                throw WorkerError.invalidArguments("create_program: this session has a program '" + program.id()
                        + "' already: delete it first, or use another id");
            }
            session.programs.put(program.id(), program);
        }
        return program.info();
    }

    private Object executeProgram(Request request) {
        Args args = Args.of("execute_program", request.args(), "program_id", "definition", "inputs");
        Object programId = request.args().get("program_id");
        Object definition = request.args().get("definition");
        if ((programId == null) == (definition == null)) {
            throw WorkerError.invalidArguments("execute_program: give either 'program_id' (a program of the session) or 'definition', "
                    + "not both nor neither");
        }
        FakeProgram program = definition != null ? defined(args.map("definition")) : program(request, args);
        Map<String, Object> inputs = args.map("inputs");
        checkInputs(program, inputs);
        String model = modelsByScope.get(program.lmScope());
        if (model == null) {
            String known = modelsByScope.keySet().stream().sorted().map(scope -> "'" + scope + "'").collect(Collectors.joining(", "));
            throw new WorkerError("LmNotConfigured", "program '" + program.id() + "' runs on LM scope '" + program.lmScope()
                    + "', which has no language model on this worker (configured scopes: " + (known.isEmpty() ? "none" : known)
                    + "): call configureLm first");
        }
        return AnsweringLm.execute(program, inputs, model, workerId);
    }

    private Object listPrograms(Request request) {
        Args.of("list_programs", request.args());
        Sessions.Session session = sessions.of(request.session());
        synchronized (session) {
            return new TreeSet<>(session.programs.keySet()).stream().map(id -> session.programs.get(id).info()).toList();
        }
    }

    private Object deleteProgram(Request request) {
        String programId = Args.of("delete_program", request.args(), "program_id").string("program_id");
        Sessions.Session session = sessions.of(request.session());
        synchronized (session) {
            return Map.of("deleted", session.programs.remove(programId) != null);
        }
    }

    private Object saveProgram(Request request) {
        FakeProgram program = program(request, Args.of("save_program", request.args(), "program_id"));
        return Map.of("program_id", program.id(), "state", program.state());
    }

    private Object loadProgram(Request request) {
        Args args = Args.of("load_program", request.args(), "program_id", "state");
        FakeProgram program = program(request, args);
        FakeProgram loaded = program.withState(fitting(program, args.map("state"), "load_program"));
        Sessions.Session session = sessions.of(request.session());
        synchronized (session) {
            session.programs.put(loaded.id(), loaded);
        }
        return loaded.info();
    }

    private FakeProgram program(Request request, Args args) {
        String programId = args.string("program_id");
        Sessions.Session session = sessions.of(request.session());
        synchronized (session) {
            FakeProgram program = session.programs.get(programId);
            if (program == null) {
                String known = new TreeSet<>(session.programs.keySet()).stream().map(id -> "'" + id + "'").collect(Collectors.joining(", "));
                throw new WorkerError("UnknownProgram", "no program '" + programId + "' in this session; its programs: "
                        + (known.isEmpty() ? "none" : known));
            }
            return program;
        }
    }

    // A program from a definition, built once per digest, as the worker does to spread a batch over a pool.
    private FakeProgram defined(Map<String, Object> definition) {
        String where = "execute_program: definition";
        String[] known = {"program_id", "signature", "kind", "options", "lm_scope", "state", "digest"};
        Args args = Args.of(where, definition, known);
        String digest = args.string("digest");
        synchronized (definitions) {
            FakeProgram cached = definitions.get(digest);
            if (cached != null) {
                return cached;
            }
        }
        FakeProgram program = ProgramParser.parse(where, args);
        Object state = args.required("state");
        if (state != null) {
            program = program.withState(fitting(program, args.map("state"), where));
        }
        synchronized (definitions) {
            definitions.putIfAbsent(digest, program);
            while (definitions.size() > DEFINITIONS_KEPT) {
                definitions.remove(definitions.keySet().iterator().next());
            }
            return definitions.getOrDefault(digest, program);
        }
    }

    // The state, each predictor's LM emptied, when its predictors are the program's; else InvalidArguments, as DSPy refuses it.
    private static Map<String, Object> fitting(FakeProgram program, Map<String, Object> state, String where) {
        TreeSet<String> expected = new TreeSet<>(program.state().keySet());
        TreeSet<String> given = new TreeSet<>(state.keySet());
        given.remove("metadata");
        if (!expected.equals(given)) {
            throw WorkerError.invalidArguments(where + ": the state does not fit program '" + program.id() + "' (" + program.kind()
                    + "): its entries are " + given + ", its predictors' are " + expected);
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        given.forEach(name -> kept.put(name, state.get(name)));
        return withoutLms(kept);
    }

    private static Map<String, Object> withoutLms(Map<String, Object> state) {
        Map<String, Object> cleaned = new LinkedHashMap<>(state);
        if (cleaned.containsKey("lm") && cleaned.containsKey("signature")) {
            cleaned.put("lm", null);
            return cleaned;
        }
        cleaned.replaceAll((name, entry) -> {
            if (entry instanceof Map<?, ?> predictor && predictor.containsKey("lm")) {
                Map<Object, Object> copy = new LinkedHashMap<>(predictor);
                copy.put("lm", null);
                return copy;
            }
            return entry;
        });
        return cleaned;
    }

    private static void checkInputs(FakeProgram program, Map<String, Object> inputs) {
        List<String> expected = program.inputs().stream().map(FakeProgram.Field::name).toList();
        List<String> problems = new ArrayList<>();
        List<String> missing = expected.stream().filter(name -> !inputs.containsKey(name)).map(name -> "'" + name + "'").toList();
        List<String> unknown = inputs.keySet().stream().filter(name -> !expected.contains(name)).map(name -> "'" + name + "'").toList();
        if (!missing.isEmpty()) {
            problems.add("missing " + String.join(", ", missing));
        }
        if (!unknown.isEmpty()) {
            problems.add("unknown " + String.join(", ", unknown));
        }
        if (!problems.isEmpty()) {
            throw WorkerError.invalidArguments("execute_program: inputs: " + String.join("; ", problems) + "; the program's inputs are "
                    + expected.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", ")));
        }
    }
}
