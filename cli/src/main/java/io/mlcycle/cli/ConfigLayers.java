package io.mlcycle.cli;

import com.typesafe.config.ConfigUtil;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Config files that the CLI writes to layer keys over the user's {@code --config} file, for the jobs it starts (which
 * read one file): the text starts with {@link #includes}, and the layer's keys follow it.
 */
public final class ConfigLayers {
    private ConfigLayers() {}

    /**
     * HOCON includes of {@code userConfig} (absolute), preceded by the {@code application.conf} next to it when there is
     * one: {@code ConfigLoader}'s fallback for the file it is given, which it would otherwise apply to the layer file instead.
     */
    public static String includes(Path userConfig) {
        Path user = userConfig.toAbsolutePath().normalize();
        Path defaults = user.getParent().resolve("application.conf");
        StringBuilder text = new StringBuilder();
        if (Files.isRegularFile(defaults)) {
            text.append("include file(").append(ConfigUtil.quoteString(defaults.toString())).append(")\n");
        }
        return text.append("include file(").append(ConfigUtil.quoteString(user.toString())).append(")\n").toString();
    }

    /** An include of {@code layer} (absolute), whose keys then override what came before. */
    public static String include(Path layer) {
        return "include file(" + ConfigUtil.quoteString(layer.toAbsolutePath().normalize().toString()) + ")\n";
    }
}
