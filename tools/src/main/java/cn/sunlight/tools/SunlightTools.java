package cn.sunlight.tools;

import cn.sunlight.auction.verify.ReplayAuctionCommand;
import cn.sunlight.audit.verify.VerifyLogCommand;
import cn.sunlight.common.Text;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.Callable;

/**
 * The bidder's tools, one standalone jar ({@code java -jar sunlight-tools.jar <command>}, downloadable from the
 * platform at {@code /api/tools/sunlight-tools.jar}): the bidder tool's commands (keys, submit, withdraw, receipts,
 * decrypt, verify-receipt), the audit-log verifier (verify-log) and the auction replay (replay-auction). Plain Java on
 * the Quarkus-free core module: the same envelope, proof and statement code the platform runs.
 *
 * <p>Help is in Chinese, or in English with {@code --lang en} (resource bundle {@code cn/sunlight/tools/Messages}).
 * Exit codes: 0 done, 1 refused by the platform or verification failed, 2 usage or local error (nothing was
 * accepted by the platform), 3 a receipt did not verify.
 */
@Command(name = "sunlight-tools", mixinStandardHelpOptions = true, versionProvider = SunlightTools.Version.class,
        resourceBundle = SunlightTools.BUNDLE, usageHelpAutoWidth = true,
        subcommands = {KeysCommand.class, SubmitCommand.class, WithdrawCommand.class, ReceiptsCommand.class,
                DecryptCommand.class, VerifyReceiptCommand.class, VerifyLogCommand.class, ReplayAuctionCommand.class,
                CommandLine.HelpCommand.class})
public final class SunlightTools implements Callable<Integer> {

    static final String BUNDLE = "cn.sunlight.tools.Messages";
    static final String DEFAULT_SERVER = "http://localhost:8080";

    /** Read before parsing (the help text's language is fixed when the command line is built); declared for help. */
    @Option(names = "--lang", paramLabel = "zh|en", descriptionKey = "option.lang", scope = CommandLine.ScopeType.INHERIT)
    String lang;

    final Report report;
    final Map<String, String> env;

    SunlightTools(Report report, Map<String, String> env) {
        this.report = report;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Runs one command; returns the exit code instead of exiting (tests and embedding callers). */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Report report = new Report(out, err);
        CommandLine cl = new CommandLine(new SunlightTools(report, env));
        // No fallback to the machine's locale: Chinese unless English is asked for.
        cl.setResourceBundle(ResourceBundle.getBundle(BUNDLE, locale(args, env),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)));
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setParameterExceptionHandler((e, ignored) -> {
            report.error(ToolException.commandLine(inChinese(e), e.getMessage()));
            e.getCommandLine().usage(cl.getErr());
            return ToolException.LOCAL;
        });
        cl.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof ToolException t) {
                report.error(t);
                if (t.showUsage()) {
                    command.usage(cl.getErr());
                }
                return t.exitCode();
            }
            report.error(new ToolException(ToolException.LOCAL, Text.of("内部错误：" + e, "internal error: " + e), List.of(), e));
            e.printStackTrace(err);
            return ToolException.LOCAL;
        });
        try {
            return cl.execute(args);
        } catch (RuntimeException | LinkageError e) { // what the handler above does not see (errors, not exceptions)
            report.error(new ToolException(ToolException.LOCAL, Text.of("内部错误：" + e, "internal error: " + e), List.of(), e));
            e.printStackTrace(err);
            return ToolException.LOCAL;
        }
    }

    /** {@code --lang en} (or {@code --lang=en}, or SUNLIGHT_LANG=en) chooses English help; Chinese otherwise. */
    static Locale locale(String[] args, Map<String, String> env) {
        String lang = env.getOrDefault("SUNLIGHT_LANG", "zh");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--lang") && i + 1 < args.length) {
                lang = args[i + 1];
            } else if (args[i].startsWith("--lang=")) {
                lang = args[i].substring("--lang=".length());
            }
        }
        return lang.toLowerCase(Locale.ROOT).startsWith("en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
    }

    /** The Chinese half of a command-line error (picocli words the English one). */
    private static String inChinese(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.MissingParameterException m) {
            var missing = m.getMissing();
            String names = missing == null || missing.isEmpty() ? "" : missing.stream()
                    .map(a -> a.isOption() ? ((CommandLine.Model.OptionSpec) a).longestName() : a.paramLabel())
                    .reduce((a, b) -> a + "、" + b).orElse("");
            return e.getMessage().startsWith("Missing required parameter for option")
                    ? "选项 " + names + " 缺少取值" : "缺少必需的选项或参数：" + names;
        }
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
            return "无法识别的命令、选项或参数：" + String.join(" ", u.getUnmatched());
        }
        if (e instanceof CommandLine.OverwrittenOptionException) {
            return "选项重复出现";
        }
        return "命令行有误";
    }

    @Override
    public Integer call() throws ToolException {
        throw ToolException.commandLine("缺少命令", "no command given");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SunlightTools.class.getPackage().getImplementationVersion();
            return new String[] {"sunlight-tools " + (v == null ? "(development build)" : v)};
        }
    }
}
