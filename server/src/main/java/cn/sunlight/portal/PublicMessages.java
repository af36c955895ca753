package cn.sunlight.portal;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** Words of the public portal (English in messages/pub_en.properties). */
@MessageBundle(value = "pub", locale = "zh-CN")
public interface PublicMessages {

    @Message("交易公告")
    String title();

    @Message("招标公告、澄清、开标记录和结果，向社会公开。")
    String intro();

    @Message("搜索交易")
    String search();

    @Message("关键词（名称、编号、招标人或地区）")
    String keywords();

    @Message("交易类型")
    String tradeType();

    @Message("地区")
    String region();

    @Message("状态")
    String status();

    @Message("发布日期起")
    String from();

    @Message("发布日期止")
    String to();

    @Message("全部")
    String any();

    @Message("查询")
    String find();

    @Message("没有符合条件的交易。")
    String noResults();

    @Message("共 {count} 项")
    String count(int count);

    @Message("编号")
    String code();

    @Message("沙箱 SANDBOX：演练用招标项目，时钟加速，非真实交易")
    String sandbox();

    @Message("名称")
    String name();

    @Message("方式")
    String method();

    @Message("投标截止")
    String deadline();

    @Message("招标人")
    String tenderingUnit();

    @Message("代理机构")
    String agent();

    @Message("预算")
    String budget();

    @Message("最高投标限价")
    String ceiling();

    @Message("投标保证金")
    String bond();

    @Message("标段")
    String lots();

    @Message("进程")
    String timeline();

    @Message("公告与文件")
    String documents();

    @Message("招标公告（PDF）")
    String announcementPdf();

    @Message("登录后下载招标文件")
    String signInToDownload();

    @Message("澄清与修改")
    String clarifications();

    @Message("暂无澄清。")
    String noClarifications();

    @Message("开标")
    String opening();

    @Message("开标尚未开始。")
    String openingNotYet();

    @Message("阶段")
    String stage();

    @Message("有效投标")
    String standingBids();

    @Message("投标人")
    String bidder();

    @Message("投标报价")
    String price();

    @Message("状态")
    String bidStatus();

    @Message("超过最高限价")
    String aboveCeiling();

    @Message("中标候选人公示")
    String publicity();

    @Message("公示期至")
    String publicityEnds();

    @Message("名次")
    String rank();

    @Message("得分")
    String score();

    @Message("结果")
    String result();

    @Message("中标人")
    String winner();

    @Message("中标结果公告（PDF）")
    String resultPdf();

    @Message("加密算法")
    String suite();

    @Message("开标现场（实时）")
    String liveHall();

    @Message("字节")
    String bytes();

    @Message("已解密")
    String openedBids();

    @Message("解密剩余时间")
    String decryptionEnds();

    @Message("确认剩余时间")
    String confirmationEnds();

    @Message("确认")
    String confirmation();

    @Message("已签名的开标记录（PDF，限投标人和监督人员）")
    String record();
}
