package cn.sunlight.portal;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** Words of the bidder workspace (English in messages/bidder_en.properties). */
@MessageBundle(value = "bidder", locale = "zh-CN")
public interface BidderMessages {

    @Message("投标人工作台")
    String title();

    @Message("已报名的招标项目、本单位的投标文件与回执、开标和网上竞价。投标文件在本机由投标工具加密，平台和浏览器都看不到明文。")
    String intro();

    @Message("已报名的项目")
    String myTenders();

    @Message("尚未报名任何项目。可在下方或在公告页面报名。")
    String noTenders();

    @Message("本单位投标")
    String myBids();

    @Message("尚未递交投标文件。")
    String noBidYet();

    @Message("已递交")
    String submitted();

    @Message("已撤回")
    String withdrawn();

    @Message("进入项目")
    String open();

    @Message("进入开标大厅")
    String goToOpening();

    @Message("进入网上竞价")
    String goToAuction();

    @Message("可报名的项目")
    String openTenders();

    @Message("报名后即可下载招标文件、提出异议并递交投标文件。")
    String openTendersHint();

    @Message("当前没有可报名的项目。")
    String noOpenTenders();

    @Message("报名")
    String register();

    @Message("报名 {code}")
    String registerFor(String code);

    @Message("以本单位名义报名参加该项目（报名名单在开标前保密）。")
    String registerHint();

    @Message("该项目当前不接受报名。")
    String notAccepting();

    @Message("项目概况")
    String tenderFacts();

    @Message("报名")
    String registration();

    @Message("已报名")
    String registered();

    @Message("未报名")
    String notRegistered();

    @Message("公开公告页面")
    String publicPage();

    @Message("招标文件")
    String documents();

    @Message("每次下载都会被记录（时间与账户），以便证明您已取得招标文件。")
    String downloadsRecorded();

    @Message("招标人尚未上传招标文件。")
    String noDocuments();

    @Message("本单位的投标文件与回执")
    String myBidsAndReceipts();

    @Message("只有本单位能看到这些记录；开标前其他人（包括招标人）都无从得知您是否投标。")
    String onlyYou();

    @Message("版本")
    String version();

    @Message("种类")
    String kind();

    @Message("平台接收时间")
    String receivedAt();

    @Message("密文 SHA-256 / 大小")
    String envelope();

    @Message("回执")
    String receipt();

    @Message("有效")
    String standing();

    @Message("核验")
    String verify();

    @Message("保存回执")
    String saveReceipt();

    @Message("如何递交投标文件")
    String howToSubmit();

    @Message("投标文件在您自己的电脑上由投标工具加密（内容密钥只封装给本项目的开标证书和本单位的加密证书），签名后以密文上传；浏览器从不接触投标内容，平台也收不到明文。截止前可重复递交（以最后一版为准）或撤回。")
    String sealedOnYourMachine();

    @Message("准备密钥文件夹")
    String stepKeys();

    @Message("放入本单位签名证书和加密证书及其私钥（PEM 格式，证书由平台 CA 签发）。下面的命令在本机生成密钥，以该密钥签名的证书请求（PKCS#10）申请证书并写入文件夹；私钥只留在本机。")
    String stepKeysText();

    @Message("签名私钥（签署投标声明）")
    String keySigning();

    @Message("加密私钥（开标时解开本单位的投标）")
    String keyEncryption();

    @Message("为每个标段准备一个投标文件夹")
    String stepFolder();

    @Message("文件夹中必须有开标一览表 opening-form.json（开标时唱出的内容，至少包括报价 price），其余投标文件可放在任意子文件夹中。工具会把整个文件夹按文件名排序打包（ZIP）后加密。")
    String stepFolderText();

    @Message("开标一览表：报价等唱标内容")
    String openingFormNote();

    @Message("技术、商务等投标文件")
    String documentsNote();

    @Message("opening-form.json 示例：")
    String openingFormExample();

    @Message("在本机运行投标工具")
    String stepSubmit();

    @Message("密码从环境变量 SUNLIGHT_PASSWORD 读取。工具会核验平台回执并把它保存到投标文件夹（receipt-项目-标段-v版本.json）。")
    String stepSubmitText();

    @Message("再次运行 submit 即递交新版本；截止前也可撤回，或列出并核验本单位的全部回执：")
    String resubmitHint();

    @Message("本项目开标证书（PEM）")
    String openingCertificate();

    @Message("工具自动下载并校验它，投标文件只能在开标时解密。")
    String openingCertificateText();

    @Message("本项目尚无开标证书。")
    String noOpeningCertificate();

    @Message("对招标文件提出异议")
    String objection();

    @Message("异议须在以下时间前提出：")
    String objectionWindow();

    @Message("答复")
    String answer();

    @Message("招标人应答复期限：")
    String answerDue();

    @Message("提出异议将暂停本项目的招标投标活动，直至招标人答复。确定提出吗？")
    String objectionConfirm();

    @Message("异议事项")
    String objectionSubject();

    @Message("异议内容及理由")
    String objectionText();

    @Message("提出后项目暂停，招标人须在法定期限内答复。")
    String objectionEffect();

    @Message("提出异议")
    String raiseObjection();

    @Message("现在不能对招标文件提出异议（异议期已过或项目已不在投标阶段）。")
    String objectionClosed();

    @Message("回执核验")
    String receiptTitle();

    @Message("回执证明了什么")
    String whatItProves();

    @Message("平台签署确认：在下述时间收到了本单位对该标段的这一版密封投标文件，其密文的 SHA-256 和大小如下；独立的 RFC 3161 时间戳证明该密文在该时间已经存在；这一事件记入了公开审计日志。")
    String provesSubmission();

    @Message("平台签署确认：在下述时间收到了本单位对该标段的撤回，且这一事件记入了公开审计日志。")
    String provesWithdrawal();

    @Message("招标项目")
    String tenderLabel();

    @Message("密文 SHA-256")
    String envelopeSha();

    @Message("密文大小")
    String envelopeSize();

    @Message("RFC 3161 时间戳")
    String timeStamp();

    @Message("序列号")
    String serial();

    @Message("审计日志事件")
    String auditEvent();

    @Message("日志序号")
    String logLeaf();

    @Message("回执只以 SHA-256 标识密文，不含投标内容。")
    String noContentInReceipt();

    @Message("本页核验（仅用公开数据）")
    String checkedHere();

    @Message("全部核验通过。")
    String outcomeVerified();

    @Message("有核验未通过，请保存回执并向监督部门反映。")
    String outcomeFailed();

    @Message("日志检查点每隔数秒签发一次，该事件尚未被覆盖，请稍后刷新。")
    String outcomePending();

    @Message("通过")
    String passed();

    @Message("等待中")
    String pending();

    @Message("未通过")
    String failed();

    @Message("回执上的平台签名请用投标工具在本机核验（平台自己核验自己的签名没有意义）。")
    String checkedHereHint();

    @Message("自行独立核验")
    String verifyYourself();

    @Message("保存回执文件（投标工具递交时也已保存在投标文件夹中）：")
    String verifyYourselfText();

    @Message("下载平台 CA 证书和时间戳服务证书")
    String stepTrust();

    @Message("用投标工具核验回执（平台签名、证书链、时间戳）")
    String stepTool();

    @Message("或仅用 OpenSSL 核验时间戳")
    String stepOpenssl();

    @Message("核验审计日志中的包含证明")
    String stepLog();

    @Message("开标大厅在投标截止时开放。")
    String hallNotOpen();

    @Message("本单位的开标事项")
    String myPart();

    @Message("本单位在本项目没有有效投标。")
    String noStandingBid();

    @Message("已签到。")
    String signedIn();

    @Message("请先签到，表明本单位在线参加开标。")
    String signInText();

    @Message("签到")
    String signInOpening();

    @Message("等待招标人开始开标。开始后将在此显示解密倒计时和解密命令。")
    String waitForStart();

    @Message("请在解密时限内解密本单位的投标文件")
    String decryptNow();

    @Message("解密剩余时间：")
    String decryptionLeft();

    @Message("在本机运行下面的命令：投标工具下载本单位的密文，用本单位加密私钥在本机解开内容密钥，只把内容密钥交给开标（私钥不离开本机）。")
    String decryptText();

    @Message("逾期未解密的，依规则视为撤销投标。")
    String decryptHint();

    @Message("正在唱标。招标人开启确认后，可在此确认或对本单位的唱标结果提出异议。")
    String readingText();

    @Message("确认唱标结果")
    String confirmReadOut();

    @Message("确认剩余时间：")
    String confirmationLeft();

    @Message("请核对本单位各标段的唱标结果；逾期未确认的视为认可。")
    String confirmText();

    @Message("唱标报价")
    String readOutPrice();

    @Message("确认第 {lot} 标段唱标无误")
    String confirmButton(int lot);

    @Message("唱标有误？提出异议")
    String objectInstead();

    @Message("异议理由")
    String objectionReason();

    @Message("提出异议")
    String objectButton();

    @Message("有效投标不足，本次招标失败（流标）。")
    String failedText();

    @Message("网上竞价")
    String auction();

    @Message("请先报名该项目，才能参加竞价。")
    String auctionRegisterFirst();

    @Message("招标人尚未设置竞价。")
    String auctionNotSetUp();

    @Message("竞价实况")
    String auctionState();

    @Message("阶段")
    String phase();

    @Message("未开始")
    String phaseScheduled();

    @Message("竞价中")
    String phaseOpen();

    @Message("已结束")
    String phaseEnded();

    @Message("已结束并出结果")
    String phaseClosed();

    @Message("剩余时间")
    String remaining();

    @Message("结束时间（北京时间）")
    String endsAt();

    @Message("已延时次数")
    String extensions();

    @Message("本单位排名")
    String myRank();

    @Message("本单位最新报价")
    String myPrice();

    @Message("本单位报价次数")
    String myRounds();

    @Message("当前最低报价")
    String bestPrice();

    @Message("起始价")
    String startPrice();

    @Message("最小降价幅度")
    String minDecrement();

    @Message("盲拍：只显示本单位的排名，不显示其他竞价人的名称和报价。")
    String blindRankOnly();

    @Message("盲拍：显示本单位排名和当前最低报价，不显示其他竞价人的名称。")
    String blindRankBest();

    @Message("报价")
    String placeQuote();

    @Message("本单位签名私钥文件（signing-key.pem）")
    String signingKeyFile();

    @Message("私钥只在本浏览器中用于对报价声明签名，不会上传。")
    String signingKeyHint();

    @Message("报价（元）")
    String quote();

    @Message("须低于本单位上次报价至少一个降价幅度；以平台服务器时间为准。")
    String quoteHint();

    @Message("将要签名的报价声明")
    String statementPreview();

    @Message("签名并报价")
    String placeQuoteButton();

    @Message("报价已受理。")
    String quoteAccepted();

    @Message("请先选择本单位签名私钥文件。")
    String noKeyChosen();

    @Message("无法用所选文件签名（须为 PKCS#8 格式的 P-256 签名私钥）")
    String badKey();

    @Message("报价被拒绝")
    String refused();

    @Message("在投标人工作台中报名或投标")
    String openInWorkspace();

    @Message("投标人工具")
    String toolsTitle();

    @Message("密封、递交、撤回投标，核验回执，开标解密，离线核验审计日志和竞价结果：一个独立的 Java 程序（需 Java 21 及以上），在本单位的电脑上运行，私钥不离开本机。下载后请核对 SHA-256。")
    String toolsText();

    @Message("下载 sunlight-tools.jar")
    String toolsDownload();

    @Message("字节")
    String toolsBytes();

    @Message("本平台未附带投标人工具。")
    String toolsMissing();

    @Message("下列命令使用投标人工具")
    String toolsNeeded();

    @Message("以 java -jar 运行（Java 21 及以上）。")
    String toolsRun();
}
