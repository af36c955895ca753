package cn.sunlight.tools;

import picocli.CommandLine.Option;

import java.util.Map;
import java.util.Optional;

/** The account a command acts for: {@code --user} and a password from {@code --password}, SUNLIGHT_PASSWORD or the console. */
final class Login {

    @Option(names = "--user", paramLabel = "NAME", required = true, descriptionKey = "option.user")
    String user;

    @Option(names = "--password", paramLabel = "PW", descriptionKey = "option.password")
    String password;

    String user() {
        return user;
    }

    String password(Map<String, String> env) throws ToolException {
        Optional<String> p = Optional.ofNullable(password).filter(v -> !v.isBlank())
                .or(() -> Optional.ofNullable(env.get("SUNLIGHT_PASSWORD")).filter(v -> !v.isEmpty()));
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
