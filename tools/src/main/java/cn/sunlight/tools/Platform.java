package cn.sunlight.tools;

import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Where the platform is ({@code --server}) and which CA the tool trusts for it ({@code --ca}); every command shares them. */
final class Platform {

    @Option(names = "--server", paramLabel = "URL", defaultValue = SunlightTools.DEFAULT_SERVER, descriptionKey = "option.server")
    String server;

    @Option(names = "--ca", paramLabel = "FILE", descriptionKey = "option.ca")
    String ca;

    URI server() throws ToolException {
        String s = server == null || server.isBlank() ? SunlightTools.DEFAULT_SERVER : server;
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

    Optional<Path> ca() {
        return Args.path(ca);
    }

    PlatformClient client() throws ToolException {
        return new PlatformClient(server());
    }
}
