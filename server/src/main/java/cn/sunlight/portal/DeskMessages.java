package cn.sunlight.portal;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** Words of the supervisor desk (English in messages/desk_en.properties). */
@MessageBundle(value = "desk", locale = "zh-CN")
public interface DeskMessages {

    @Message("监督台")
    String title();

    @Message("进行中的交易、预警、投诉处理、审计日志和时间回溯。你在本台的每一次查看本身也记入审计日志。")
    String intro();

    @Message("总览")
    String tabOverview();

    @Message("投诉处理")
    String tabComplaints();

    @Message("时间回溯")
    String tabTravel();

    @Message("审计日志")
    String tabLog();

    @Message("数据交互")
    String tabExchange();

    @Message("预警")
    String alerts();

    @Message("最近刷新（服务器时间）")
    String lastRefreshed();

    @Message("每 10 秒自动刷新")
    String autoRefresh();

    @Message("刷新失败，稍后重试")
    String refreshFailed();

    @Message("红色")
    String red();

    @Message("黄色")
    String yellow();

    @Message("当前没有预警。")
    String noAlerts();

    @Message("全部预警（分页）…")
    String allAlerts();

    @Message("交易")
    String tender();

    @Message("期限")
    String deadline();

    @Message("无期限（串标围标线索）")
    String noDeadline();

    @Message("依据")
    String basis();

    @Message("规则")
    String ruleId();

    @Message("进行中的交易")
    String trades();

    @Message("没有进行中的交易。")
    String noTrades();

    @Message("共 {count} 项")
    String tradeCount(int count);

    @Message("阶段")
    String stage();

    @Message("投标截止")
    String bidDeadline();

    @Message("未答复异议")
    String openObjections();

    @Message("未处理投诉")
    String openComplaints();

    @Message("回溯")
    String travelLink();

    @Message("该预警已不存在")
    String alertGone();

    @Message("预警详情")
    String alertDetail();

    @Message("这意味着什么")
    String whatItMeans();

    @Message("一个信号只是线索，不是定论：请结合证据核实后再作处理。")
    String leadNotProof();

    @Message("涉及的投标人（{count} 家）")
    String biddersInvolved(int count);

    @Message("证据")
    String evidence();

    @Message("没有附带证据。")
    String noEvidence();

    @Message("情况已经变化（例如期限内已经处理，或投标已撤回），平台不再提示此预警。")
    String alertGoneText();

    @Message("返回监督台")
    String backToDesk();

    @Message("投诉须在法定期限内决定是否受理，受理后须在法定期限内作出处理决定。")
    String complaintsIntro();

    @Message("没有收到投诉。")
    String noComplaints();

    @Message("已处理")
    String stateDecided();

    @Message("已受理，待处理")
    String stateAccepted();

    @Message("已收到，待受理")
    String stateReceived();

    @Message("投诉人")
    String complainant();

    @Message("收到时间")
    String receivedAt();

    @Message("受理期限")
    String acceptBy();

    @Message("受理时间")
    String acceptedAt();

    @Message("处理期限")
    String decideBy();

    @Message("处理时间")
    String decidedAt();

    @Message("投诉内容")
    String complaintText();

    @Message("处理决定")
    String decision();

    @Message("写明事实、理由和依据；决定将记入审计日志。")
    String decisionHint();

    @Message("作出处理决定")
    String decide();

    @Message("确定受理该投诉吗？受理后处理期限开始计算。")
    String acceptConfirm();

    @Message("受理后，平台按规则计算处理期限。")
    String acceptHint();

    @Message("受理")
    String accept();

    @Message("平台的每一个操作都记入一个公开的防篡改日志（RFC 9162 默克尔树）。检查点由平台签名，并由独立见证人联署。")
    String logIntro();

    @Message("最新签名检查点")
    String latestCheckpoint();

    @Message("日志条数")
    String treeSize();

    @Message("签发时间")
    String issuedAt();

    @Message("根哈希")
    String rootHash();

    @Message("平台签名")
    String logSignature();

    @Message("已验证")
    String verified();

    @Message("未通过验证")
    String notVerified();

    @Message("见证人联署")
    String witness();

    @Message("已联署")
    String cosigned();

    @Message("未联署")
    String notCosigned();

    @Message("原因")
    String reason();

    @Message("查看签名原文")
    String signedNote();

    @Message("还没有检查点。")
    String noCheckpoint();

    @Message("核验一个事件")
    String verifyEvent();

    @Message("输入审计事件编号（例如回执上的编号），浏览器取回包含证明，自行计算哈希并核对签名。")
    String verifyIntro();

    @Message("事件编号")
    String eventId();

    @Message("核验")
    String verify();

    @Message("已核验：该事件包含在见证人联署的检查点中。")
    String vOk();

    @Message("核验失败：")
    String vBad();

    @Message("该事件尚未编入日志或尚无检查点覆盖（检查点每隔几秒签发一次），请稍后再试。")
    String vMissing();

    @Message("日志条目")
    String vLeaf();

    @Message("平台签名有效")
    String vLogSig();

    @Message("见证人联署有效")
    String vWitness();

    @Message("包含路径重新计算得到检查点的根哈希")
    String vPath();

    @Message("检查点根哈希")
    String vRoot();

    @Message("条目内容的哈希与日志叶子一致")
    String vEntry();

    @Message("此浏览器无法在本页计算哈希（需要 HTTPS）；请使用下方的离线核验。")
    String vNoCrypto();

    @Message("叶子序号")
    String vIndex();

    @Message("请求未完成")
    String vFailed();

    @Message("正在核验…")
    String vChecking();

    @Message("最近的日志条目")
    String recentEntries();

    @Message("日志为空。")
    String noEntries();

    @Message("序号")
    String leafIndex();

    @Message("时间")
    String at();

    @Message("操作")
    String action();

    @Message("对象")
    String object();

    @Message("操作人")
    String actor();

    @Message("开标前保密（仅公开叶哈希）")
    String confidentialActor();

    @Message("检查点历史")
    String history();

    @Message("共 {total} 个检查点，显示最近 {shown} 个")
    String historyCount(int total, int shown);

    @Message("全部检查点（JSON）")
    String allCheckpointsJson();

    @Message("离线核验")
    String offline();

    @Message("不必信任本平台：任何人都可以下载整个日志，在自己的电脑上重新计算并核对。")
    String offlineIntro();

    @Message("下载日志导出文件：")
    String offlineStep1();

    @Message("从可信渠道取得并核对平台和见证人的公钥（也公布在")
    String offlineStep2();

    @Message("运行离线核验程序：")
    String offlineStep3();

    @Message("程序重新计算每一个检查点的根哈希并核对签名；失败时指出第一个不一致的条目。")
    String offlineStep4();

    @Message("日志标识")
    String origin();

    @Message("平台日志公钥")
    String logKey();

    @Message("见证人公钥")
    String witnessKey();

    @Message("选择一个交易和一个时刻（北京时间），查看该交易当时的状态，以及到那一刻为止的全部事件。")
    String travelIntro();

    @Message("交易编号（列出最近的交易；十年内任一交易均可输入编号回溯）")
    String chooseTender();

    @Message("时刻（北京时间）")
    String instant();

    @Message("精确到秒。")
    String instantHint();

    @Message("查看")
    String show();

    @Message("时刻格式不正确。")
    String badInstant();

    @Message("那一刻该交易尚不存在（或编号有误）。")
    String notYet();

    @Message("当时的状态：")
    String stateAt();

    @Message("截至该时刻的事件（{count} 个）")
    String eventsUpTo(int count);

    @Message("状态哈希")
    String stateHash();

    @Message("这些投标人的投标保证金是从同一个银行账户转出的。各投标人本应各自缴纳保证金；同一账户付款通常说明他们之间存在关联或由同一人安排投标。")
    String explainBondAccount();

    @Message("这些投标人的投标文件是在同一台计算机上编制的（投标工具记录的主机标识相同）。")
    String explainSameMachine();

    @Message("这些投标人编标所用设备的网卡地址相同，即很可能是同一台设备。")
    String explainSameMac();

    @Message("这些投标人的投标文件带有相同的文件创建码，说明由同一个投标工具安装生成。")
    String explainFileCode();

    @Message("这些投标人的投标文件从同一个网络地址递交。这可能是共用的网络出口（如同一园区），需要核实。")
    String explainSameAddress();

    @Message("这些投标人递交了逐字节完全相同的加密投标文件。")
    String explainIdenticalEnvelope();

    @Message("这些投标人的投标文件中有一份文件逐字节完全相同，属于投标文件异常一致。")
    String explainIdenticalDocuments();

    @Message("这一标段的投标报价按从低到高排列后，相邻报价的差额（或比例）完全相同，呈规律性差异。")
    String explainRegularPrices();

    @Message("一个法定期限临近（黄色）或已过（红色），而应办的事项尚未办理。")
    String explainDeadline();

    @Message("共同的保证金付款账户")
    String sharedBondAccount();

    @Message("相同的主机标识（摘要）")
    String sharedHost();

    @Message("相同的网卡地址（摘要）")
    String sharedMac();

    @Message("相同的文件创建码")
    String sharedFileCode();

    @Message("相同的递交网络地址")
    String sharedAddress();

    @Message("相同的投标文件摘要（SHA-256）")
    String sharedEnvelope();

    @Message("相同文件的摘要（SHA-256）")
    String sharedDocument();

    @Message("共同的值")
    String sharedValue();

    @Message("{bidder} 的报价")
    String priceOf(String bidder);

    @Message("相同的文件")
    String evDocument();

    @Message("标段")
    String evLots();

    @Message("规律")
    String evPattern();

    @Message("异议编号")
    String evObjection();

    @Message("投诉编号")
    String evComplaint();

    @Message("提出时间")
    String evRaisedAt();

    @Message("收到时间")
    String evReceivedAt();

    @Message("受理时间")
    String evAcceptedAt();

    @Message("评标报告时间")
    String evReportAt();

    @Message("中标通知时间")
    String evAwardedAt();

    @Message("提出人")
    String evBy();

    @Message("中标人")
    String evWinner();

    @Message("投标人")
    String evOrganisation();

    @Message("金额")
    String evAmount();

    @Message("内部编号")
    String fId();

    @Message("交易编号")
    String fCode();

    @Message("名称")
    String fTitle();

    @Message("状态")
    String fStatus();

    @Message("交易类型")
    String fTradeType();

    @Message("方式")
    String fMethod();

    @Message("预算（元）")
    String fBudget();

    @Message("最高投标限价（元）")
    String fCeiling();

    @Message("投标保证金（元）")
    String fBond();

    @Message("招标文件发售")
    String fDocsIssued();

    @Message("发售截止")
    String fDocsSaleEnds();

    @Message("澄清截止")
    String fClarCutoff();

    @Message("投标截止")
    String fBidDeadline();

    @Message("规则版本")
    String fRulesVersion();

    @Message("标段")
    String fLots();

    @Message("去处理该投诉")
    String handleComplaint();
}
