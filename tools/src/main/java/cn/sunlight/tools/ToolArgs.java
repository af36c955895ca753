package cn.sunlight.tools;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code <command> [--name value | --name=value]... [positional]...}; every option takes a value. */
final class ToolArgs {

    static final String DEFAULT_SERVER = "http://localhost:8080";

    private final String command;
    private final Map<String, String> options;
    private final List<String> positional;

    private ToolArgs(String command, Map<String, String> options, List<String> positional) {
        this.command = command;
        this.options = options;
        this.positional = positional;
    }

    static ToolArgs parse(String[] args) throws ToolException {
        if (args.length == 0) {
            throw ToolException.commandLine("缺少命令", "no command given");
        }
        Map<String, String> options = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--") && a.length() > 2) {
                String name = a.substring(2);
                String value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw ToolException.commandLine("选项 --" + name + " 缺少取值", "option --" + name + " needs a value");
                }
                if (options.put(name, value) != null) {
                    throw ToolException.commandLine("选项 --" + name + " 重复出现", "option --" + name + " is given twice");
                }
            } else {
                positional.add(a);
            }
        }
        return new ToolArgs(args[0], options, positional);
    }

    String command() {
        return command;
    }

    /** Refuses options the command does not know and more positional arguments than it takes. */
    void allow(Set<String> names, int maxPositional) throws ToolException {
        for (String name : options.keySet()) {
            if (!names.contains(name)) {
                throw ToolException.commandLine("命令 " + command + " 不支持选项 --" + name,
                        "command " + command + " has no option --" + name);
            }
        }
        if (positional.size() > maxPositional) {
            throw ToolException.commandLine("多余的参数：" + positional.subList(maxPositional, positional.size()),
                    "unexpected arguments: " + positional.subList(maxPositional, positional.size()));
        }
    }

    Optional<String> optional(String name) {
        return Optional.ofNullable(options.get(name)).filter(v -> !v.isBlank());
    }

    String required(String name) throws ToolException {
        return optional(name).orElseThrow(() -> ToolException.commandLine("缺少选项 --" + name, "option --" + name + " is required"));
    }

    long requiredId(String name) throws ToolException {
        String v = required(name);
        try {
            long id = Long.parseLong(v.trim());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw ToolException.usage("--" + name + " 须为正整数：" + v, "--" + name + " must be a positive number: " + v);
    }

    int requiredLot() throws ToolException {
        long lot = requiredId("lot");
        if (lot > Integer.MAX_VALUE) {
            throw ToolException.usage("标段号过大：" + lot, "lot number too large: " + lot);
        }
        return (int) lot;
    }

    Path path(String value) {
        return Path.of(value).toAbsolutePath().normalize();
    }

    Optional<Path> optionalPath(String name) {
        return optional(name).map(this::path);
    }

    Path requiredPath(String name) throws ToolException {
        return path(required(name));
    }

    Optional<String> positional(int index) {
        return index < positional.size() ? Optional.of(positional.get(index)) : Optional.empty();
    }

    URI server() throws ToolException {
        String s = optional("server").orElse(DEFAULT_SERVER);
        try {
            URI uri = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException ignored) {
            // refused below
        }
        throw ToolException.usage("--server 须为 http(s) 地址：" + s, "--server must be an http(s) URL: " + s);
    }

    String password(Map<String, String> env) throws ToolException {
        Optional<String> p = optional("password").or(() -> Optional.ofNullable(env.get("SUNLIGHT_PASSWORD")).filter(v -> !v.isEmpty()));
        if (p.isPresent()) {
            return p.get();
        }
        java.io.Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("密码 / Password: ");
            if (typed != null && typed.length > 0) {
                return new String(typed);
            }
        }
        throw ToolException.usage("缺少密码：使用 --password 或环境变量 SUNLIGHT_PASSWORD",
                "no password: give --password or set SUNLIGHT_PASSWORD");
    }
}
