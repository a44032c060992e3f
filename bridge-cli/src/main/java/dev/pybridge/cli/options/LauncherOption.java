package dev.pybridge.cli.options;

import dev.pybridge.api.config.LauncherChoice;
import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.core.launch.LauncherCatalog;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code --launcher} and {@code --launcher-property}: where the command's workers run. */
public final class LauncherOption {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    private String name = "local";
    private final Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--launcher", paramLabel = "NAME",
            description = "Which launcher starts the workers: local (this machine, the default), ssh, or kubernetes (with bridge-kubernetes).")
    private void name(String value) {
        if (!NAME.matcher(value).matches()) {
            throw OptionValues.invalid(command, "--launcher", value, "a launcher's name, such as local, ssh or kubernetes");
        }
        name = value;
    }

    @Option(names = "--launcher-property", paramLabel = "KEY=VALUE",
            description = "A property of the launcher, such as hosts=gpu1,gpu2 for ssh; may be given again.")
    private void property(String value) {
        int equals = value.indexOf('=');
        if (equals <= 0) {
            // The value may be secret: the message shows only the key, if there is one.
            throw new ParameterException(command.commandLine(), "Invalid value for option '--launcher-property': expected KEY=VALUE, "
                    + "such as hosts=gpu1,gpu2");
        }
        properties.put(value.substring(0, equals).strip(), value.substring(equals + 1));
    }

    /**
     * The chosen launcher, checked against the launchers installed: an unknown name or property is
     * a usage error with the catalog's message (the names there are, the nearest key).
     */
    public LauncherChoice choice() {
        LauncherChoice choice = LauncherChoice.of(name, properties);
        try {
            LauncherCatalog.load().create(name, properties).close();
        }
        catch (BridgeConfigurationException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
        return choice;
    }
}
