package cn.sunlight.tools;

import cn.sunlight.common.Text;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The bidder's command-line tool: seals bids on the bidder's machine, submits them, withdraws them and checks the
 * platform's receipts. Plain Java (no Quarkus): run it as
 * {@code java -cp 'target/quarkus-app/app/*:target/quarkus-app/lib/main/*' cn.sunlight.tools.BidderTool <command>}
 * or {@code .ci/sunlight bidder-tool <command>}.
 *
 * <p>Exit codes: 0 done, 1 refused by the platform, 2 usage or local error (the platform accepted nothing), 3 a
 * receipt did not verify.
 */
public final class BidderTool {

    static final String USAGE = """
            用法 / Usage: bidder-tool <command> [options]
              keys     --keys DIR [--suite NATIONAL]
                       在本机生成签名与加密密钥，以自签的 PKCS#10 证书请求申请平台证书（私钥不离开本机）
                       make your signing and encryption keys here and have them certified from self-signed PKCS#10 requests
              submit   --tender ID --lot N --folder DIR [--bond-account ACCT]
                       密封并提交投标文件夹（须含 opening-form.json，至少有 price）；回执写入该文件夹
                       seal and submit the bid folder (must hold opening-form.json with at least "price"); the receipt is written into it
              withdraw --tender ID --lot N [--folder DIR]
                       截止前撤回投标；回执写入 DIR（默认当前目录） / withdraw before the deadline; receipt into DIR (default: here)
              receipts --tender ID
                       列出并核验本单位的各版本回执 / list and verify your own bid versions
              decrypt  --tender ID --lot N
                       开标解密：在本机用本单位加密密钥解开内容密钥并提交（私钥不离开本机）
                       decrypt at the opening: unwrap the content key locally with your key and hand it over
              verify-receipt FILE [--ca FILE] [--tsa FILE]
                       离线核验回执并说明其证明内容 / check a saved receipt offline and show what it proves
            通用选项 / Common options:
              --server URL     平台地址 / platform (default http://localhost:8080)
              --user NAME      用户名 / user name
              --password PW    密码，或环境变量 SUNLIGHT_PASSWORD / password, or env SUNLIGHT_PASSWORD
              --keys DIR       signing-key.pem, signing-cert.pem, encryption-key.pem, encryption-cert.pem (+ tool-id);
                               国密项目另需 / national-suite tenders also need sm2-signing-key.pem, sm2-signing-cert.pem,
                               sm2-encryption-key.pem, sm2-encryption-cert.pem
              --ca FILE        信任的平台 CA（默认：证书链末端的根证书）/ trusted platform CA (default: the root ending your certificate chain)
            退出码 / Exit codes: 0 成功 ok · 1 平台拒绝 refused by the platform · 2 用法或本地错误 usage/local error · 3 回执核验失败 receipt verification failed
            """;

    private BidderTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Runs one command; returns the exit code instead of exiting (tests and embedding callers). */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Report report = new Report(out, err);
        try {
            ToolArgs parsed = ToolArgs.parse(args);
            return switch (parsed.command()) {
                case "keys" -> new KeysCommand(parsed, report, env).run();
                case "submit" -> new SubmitCommand(parsed, report, env).run();
                case "withdraw" -> new WithdrawCommand(parsed, report, env).run();
                case "receipts" -> new ReceiptsCommand(parsed, report, env).run();
                case "decrypt" -> new DecryptCommand(parsed, report, env).run();
                case "verify-receipt" -> new VerifyReceiptCommand(parsed, report).run();
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield ToolException.OK;
                }
                default -> throw ToolException.commandLine("未知命令：" + parsed.command(), "unknown command: " + parsed.command());
            };
        } catch (ToolException e) {
            report.error(e);
            if (e.showUsage()) {
                err.print(USAGE);
            }
            return e.exitCode();
        } catch (RuntimeException e) {
            report.error(new ToolException(ToolException.LOCAL, Text.of("内部错误：" + e, "internal error: " + e), List.of(), e));
            e.printStackTrace(err);
            return ToolException.LOCAL;
        }
    }
}
