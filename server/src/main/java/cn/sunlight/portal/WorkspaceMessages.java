package cn.sunlight.portal;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** Words of the tendering unit's and agent's workspace (English in messages/ws_en.properties). */
@MessageBundle(value = "ws", locale = "zh-CN")
public interface WorkspaceMessages {

    @Message("招标人工作台")
    String title();

    @Message("您单位的招标项目（含草稿）、每个项目下一步要做的事和法定时限。")
    String intro();

    @Message("新建招标项目")
    String newTender();

    @Message("在此项目下新建招标")
    String newTenderInProject();

    @Message("我的招标项目")
    String myTenders();

    @Message("还没有招标项目。先建立项目，再新建招标。")
    String noTenders();

    @Message("编号")
    String code();

    @Message("交易类型")
    String tradeType();

    @Message("招标方式")
    String method();

    @Message("投标截止时间")
    String bidDeadline();

    @Message("预算（元）")
    String budget();

    @Message("下一步")
    String nextAction();

    @Message("期限")
    String dueBy();

    @Message("项目")
    String projects();

    @Message("还没有项目。")
    String noProjects();

    @Message("新建项目")
    String newProject();

    @Message("项目名称")
    String projectName();

    @Message("地区")
    String region();

    @Message("委托招标人（单位编号）")
    String tenderingUnitId();

    @Message("代理机构须指明委托的招标人。")
    String tenderingUnitIdHint();

    @Message("建立项目")
    String createProject();

    @Message("编辑草稿")
    String editDraft();

    @Message("请先建立项目：")
    String needProject();

    @Message("填写步骤")
    String steps();

    @Message("项目")
    String stepProject();

    @Message("基本信息")
    String stepBasics();

    @Message("金额与标段")
    String stepMoney();

    @Message("时间安排")
    String stepSchedule();

    @Message("评标与资格")
    String stepEvaluation();

    @Message("检查与发布")
    String stepReview();

    @Message("所属项目")
    String project();

    @Message("草稿建立后不能更换项目。")
    String projectFixed();

    @Message("招标项目建在所选项目之下。")
    String projectHint();

    @Message("招标项目名称")
    String tenderTitle();

    @Message("只列出该交易类型允许的招标方式。")
    String methodHint();

    @Message("最高投标限价（元）")
    String ceilingPrice();

    @Message("不得高于预算。")
    String ceilingHint();

    @Message("投标保证金（元）")
    String bidBond();

    @Message("标段（包）")
    String lots();

    @Message("至少一个标段；各标段预算之和一般等于项目预算。")
    String lotsHint();

    @Message("标段名称")
    String lotName();

    @Message("标段预算（元）")
    String lotBudget();

    @Message("第一标段")
    String lotOne();

    @Message("删除此标段")
    String removeLot();

    @Message("增加标段")
    String addLot();

    @Message("所有时间均为北京时间。")
    String beijingInputs();

    @Message("招标文件发出时间")
    String documentsIssuedAt();

    @Message("招标文件发售截止")
    String documentsSaleEndsAt();

    @Message("澄清截止时间")
    String clarificationCutoff();

    @Message("开标地点")
    String openingPlace();

    @Message("平台不见面开标大厅")
    String onlineHall();

    @Message("评标办法")
    String evaluationMethod();

    @Message("经评审的最低投标价法")
    String evalLowest();

    @Message("综合评估法")
    String evalScoring();

    @Message("网上竞价（最低价成交）")
    String evalAuction();

    @Message("加密算法")
    String suite();

    @Message("投标人资格要求")
    String qualifications();

    @Message("保存草稿后，平台按法定规则检查并列出每一处不合规。")
    String saveFirst();

    @Message("保存草稿")
    String saveDraft();

    @Message("保存并重新检查")
    String saveAndCheck();

    @Message("发布招标公告")
    String publish();

    @Message("发布后招标公告即向社会公开，确定发布吗？")
    String publishConfirm();

    @Message("上一步")
    String back();

    @Message("下一步")
    String next();

    @Message("最早合法投标截止时间")
    String jsEarliestDeadline();

    @Message("招标文件最早发售截止")
    String jsEarliestSaleEnd();

    @Message("投标保证金上限")
    String jsBondCap();

    @Message("该规则集未规定投标保证金上限")
    String jsNoBondCap();

    @Message("早于法定最早时间")
    String jsTooEarly();

    @Message("超过上限")
    String jsAboveCap();

    @Message("依据")
    String jsBasis();

    @Message("填写招标文件发出时间后显示")
    String jsNeedIssue();

    @Message("填写预算后显示")
    String jsNeedBudget();

    @Message("发布检查通过：可以发布。")
    String jsCheckPasses();

    @Message("发布检查未通过，请修改以下各项：")
    String jsCheckFails();

    @Message("去修改")
    String jsFix();

    @Message("重新检查")
    String jsRecheck();

    @Message("适用规则")
    String jsRules();

    @Message("最早合法值")
    String jsEarliestLegal();

    @Message("发布被拒绝")
    String jsPublishRefused();

    @Message("有未保存的修改：请先保存再检查。")
    String jsNotSaved();

    @Message("项目信息")
    String facts();

    @Message("公开页面")
    String publicPage();

    @Message("主持开标")
    String hostOpening();

    @Message("评标与定标")
    String evaluationAndAward();

    @Message("开始投标")
    String startBidding();

    @Message("适用规则")
    String rulesApplied();

    @Message("招标文件")
    String documents();

    @Message("尚未上传招标文件。")
    String noDocuments();

    @Message("上传")
    String upload();

    @Message("选择文件")
    String chooseFile();

    @Message("对招标文件的异议")
    String objections();

    @Message("没有异议。")
    String noObjections();

    @Message("答复")
    String answer();

    @Message("答复期限")
    String answerDue();

    @Message("发送答复")
    String sendAnswer();

    @Message("已答复")
    String answered();

    @Message("澄清与修改")
    String clarifications();

    @Message("暂无澄清。")
    String noClarifications();

    @Message("修改")
    String amendment();

    @Message("澄清")
    String clarification();

    @Message("发布澄清或修改")
    String newClarification();

    @Message("类型")
    String kind();

    @Message("内容")
    String text();

    @Message("可能影响投标文件编制")
    String affectsPreparation();

    @Message("影响投标文件编制的，须在投标截止前留足法定时间，否则须顺延截止时间。")
    String affectsHint();

    @Message("新的投标截止时间（可选）")
    String newDeadline();

    @Message("不填则不变；只能推迟，不能提前。")
    String newDeadlineHint();

    @Message("发布")
    String publishClarification();

    @Message("终止招标")
    String cancelTender();

    @Message("终止后不可恢复，已报名的投标人将收到通知。确定终止吗？")
    String cancelConfirm();

    @Message("原因")
    String reason();

    @Message("开标现场实时显示；主持人的操作在下方，只在相应阶段可用。")
    String openingIntro();

    @Message("主持人操作")
    String hostActions();

    @Message("等待开标阶段更新…")
    String hostWaiting();

    @Message("开标已结束。")
    String hostDone();

    @Message("投标截止后，宣布开标，投标人开始解密。")
    String startHint();

    @Message("开始开标")
    String openingStart();

    @Message("解密完成（或解密时间已到）后唱标。")
    String readOutHint();

    @Message("唱标")
    String openingReadOut();

    @Message("唱标后请投标人确认开标结果。")
    String confirmationHint();

    @Message("开始确认")
    String openingConfirmation();

    @Message("确认时间到或全部确认后结束开标，生成签名的开标记录。")
    String closeHint();

    @Message("结束开标")
    String openingClose();

    @Message("开标异议")
    String openingObjection();

    @Message("评标委员会")
    String committee();

    @Message("专业")
    String specialty();

    @Message("人数")
    String committeeSize();

    @Message("按规则至少 {size} 人（单数）。")
    String committeeSizeHint(int size);

    @Message("抽取时间")
    String drawnAt();

    @Message("随机种子")
    String seed();

    @Message("已更换")
    String replaced();

    @Message("随机抽取评标委员会")
    String drawCommittee();

    @Message("开标结束后抽取。")
    String notYetEvaluation();

    @Message("评标结果")
    String results();

    @Message("评标尚未结束。")
    String noResults();

    @Message("标段")
    String lot();

    @Message("名次")
    String rank();

    @Message("投标人")
    String bidder();

    @Message("报价")
    String price();

    @Message("得分")
    String score();

    @Message("资格")
    String qualified();

    @Message("异常低价")
    String abnormallyLow();

    @Message("评标报告（PDF，已签名）")
    String reportPdf();

    @Message("中标候选人公示")
    String publicity();

    @Message("发布于")
    String publishedAt();

    @Message("公示期至")
    String publicityEnds();

    @Message("须于此前发布公示：")
    String publishBy();

    @Message("发布中标候选人公示")
    String publishPublicity();

    @Message("评标报告完成后发布。")
    String publicityNotYet();

    @Message("定标与合同")
    String award();

    @Message("按排名第一的候选人定标并签发中标通知书？")
    String awardConfirm();

    @Message("公示期满且无未决异议后，按排名第一的候选人定标。")
    String awardHint();

    @Message("定标")
    String awardNow();

    @Message("尚未定标。")
    String noAwards();

    @Message("中标通知书（PDF）")
    String noticePdf();

    @Message("定标时间")
    String awardedAt();

    @Message("已签订合同")
    String contracted();

    @Message("合同签订期限")
    String contractBy();

    @Message("合同金额（元）")
    String contractAmount();

    @Message("履约保证金（元）")
    String performanceBond();

    @Message("登记合同")
    String recordContract();

    @Message("中标结果公告（PDF）")
    String resultPdf();

    @Message("投标保证金退还")
    String bonds();

    @Message("暂无需退还的保证金。")
    String noBonds();

    @Message("金额")
    String amount();

    @Message("退还期限")
    String refundBy();

    @Message("利息")
    String interest();

    @Message("退还")
    String refund();

    @Message("已退还")
    String refundedAt();

    @Message("登记退还")
    String recordRefund();

    @Message("网上竞价不组建评标委员会：按竞价结果确定成交候选人。")
    String noCommitteeOnlineBidding();

    @Message("网上竞价")
    String auctionTitle();

    @Message("竞价实况")
    String auctionLive();

    @Message("阶段")
    String auctionPhase();

    @Message("未开始")
    String auctionPhaseScheduled();

    @Message("竞价中")
    String auctionPhaseOpen();

    @Message("已到时（待关闭）")
    String auctionPhaseEnded();

    @Message("已结束")
    String auctionPhaseClosed();

    @Message("开始时间")
    String auctionStarts();

    @Message("结束时间")
    String auctionEnds();

    @Message("已延时次数")
    String auctionExtensions();

    @Message("参与供应商")
    String auctionBidders();

    @Message("起始价（元）")
    String auctionStartPrice();

    @Message("最小降价幅度")
    String auctionMinDecrement();

    @Message("当前排名（结束前只显示代号）")
    String auctionRanking();

    @Message("代号")
    String auctionAlias();

    @Message("报价次数")
    String auctionRounds();

    @Message("竞价结束前，采购人只能看到代号和报价，看不到供应商名称；供应商只能看到自己的排名。")
    String auctionBlindHint();

    @Message("关闭竞价并生成签名的结果记录？")
    String auctionCloseConfirm();

    @Message("关闭竞价")
    String auctionClose();

    @Message("已签名的竞价结果记录（PDF）")
    String auctionResultPdf();

    @Message("竞价记录导出（供离线重放核验）")
    String auctionExport();

    @Message("修改竞价设置")
    String auctionChange();

    @Message("设置网上竞价")
    String auctionSetup();

    @Message("竞价开始前可以修改；开始后不能再改。")
    String auctionSetupHint();

    @Message("最小降价金额（元）")
    String auctionMinDecrementAmount();

    @Message("最小降价比例（%）")
    String auctionMinDecrementPercent();

    @Message("供应商可见信息")
    String auctionVisibility();

    @Message("仅本单位排名")
    String auctionRankOnly();

    @Message("本单位排名和当前最低价")
    String auctionRankAndBest();

    @Message("结束前多少分钟内有报价即延时")
    String auctionExtensionWindow();

    @Message("每次延时（分钟）")
    String auctionExtensionMinutes();

    @Message("最多延时次数")
    String auctionMaxExtensions();

    @Message("留空的项目按本项目适用的规则取值。时间均为北京时间。")
    String auctionDefaultsHint();

    @Message("委托代理")
    String entrustments();

    @Message("招标人可以委托招标代理机构办理招标事宜（《招标投标法》第十二、十三条，《政府采购法》第十九条）。代理机构只能在委托范围和期限内代为操作；撤销立即生效。")
    String entrustmentsIntro();

    @Message("暂无委托。")
    String noEntrustments();

    @Message("代理机构")
    String agent();

    @Message("委托人")
    String entrustingUnit();

    @Message("范围")
    String scope();

    @Message("全部项目")
    String allProjects();

    @Message("全部交易类型")
    String allTradeTypes();

    @Message("有效期至")
    String validUntil();

    @Message("有效")
    String inForce();

    @Message("已撤销")
    String revoked();

    @Message("已失效")
    String expired();

    @Message("撤销委托")
    String revoke();

    @Message("撤销后该代理机构立即不能再代为办理，确定撤销？")
    String revokeConfirm();

    @Message("新增委托")
    String newEntrustment();

    @Message("代理机构统一社会信用代码")
    String agentCreditCode();

    @Message("委托项目（不选则为全部项目）")
    String entrustedProject();

    @Message("委托的交易类型（不选则为全部）")
    String entrustedTradeTypes();

    @Message("登记委托")
    String grantEntrustment();
}
