package cn.sunlight.portal;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** Words of the operators' data-exchange page (English in messages/xchg_en.properties). */
@MessageBundle(value = "xchg", locale = "zh-CN")
public interface ExchangeMessages {

    @Message("数据交互")
    String title();

    @Message("本平台向公共服务平台报送交易信息的队列（电子招标投标办法 第五十六条：及时交互交易信息）。待报送的按产生顺序排列，最早的在前；每条依次报送，前一条未送达时后面的等待。")
    String intro();

    @Message("公共服务平台接收地址")
    String endpoint();

    @Message("已配置")
    String endpointConfigured();

    @Message("未配置：交易信息只在队列中积存，不会报送（设置 SUNLIGHT_EXCHANGE_ENDPOINT）")
    String endpointMissing();

    @Message("待报送")
    String pending();

    @Message("已送达")
    String delivered();

    @Message("黄色预警：超过 {age} 未送达；红色预警：超过 {limit} 未送达")
    String thresholds(String age, String limit);

    @Message("立即报送")
    String sendNow();

    @Message("报送到期的交易信息，不等下一次定时报送（重试等待中的仍按退避时间）。")
    String sendNowHint();

    @Message("待报送的交易信息")
    String pendingTitle();

    @Message("没有待报送的交易信息。")
    String noPending();

    @Message("发布编号")
    String releaseId();

    @Message("OCID")
    String ocid();

    @Message("数据集")
    String dataSet();

    @Message("产生时间")
    String createdAt();

    @Message("已尝试")
    String attempts();

    @Message("下次尝试")
    String nextAttempt();

    @Message("最近错误")
    String lastError();

    @Message("已等待")
    String age();

    @Message("状态")
    String state();

    @Message("及时")
    String onTime();

    @Message("黄色")
    String yellow();

    @Message("红色")
    String red();

    @Message("最近的送达回执")
    String receiptsTitle();

    @Message("还没有送达的交易信息。")
    String noReceipts();

    @Message("送达时间")
    String deliveredAt();

    @Message("回执")
    String receipt();

    @Message("HTTP 状态")
    String receiptStatus();
}
