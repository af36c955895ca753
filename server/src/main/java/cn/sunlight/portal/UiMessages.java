package cn.sunlight.portal;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Words every portal page shares (layout, sign-in, common labels). zh-CN is the default; English lives in
 * messages/ui_en.properties. Each portal keeps its own bundle beside this one.
 */
@MessageBundle(value = "ui", locale = "zh-CN")
public interface UiMessages {

    @Message("阳光交易")
    String site();

    @Message("公共资源电子交易平台")
    String tagline();

    @Message("交易公告")
    String navTenders();

    @Message("招标人工作台")
    String navWorkspace();

    @Message("投标人工作台")
    String navBidder();

    @Message("监督台")
    String navDesk();

    @Message("数据交互")
    String navExchange();

    @Message("登录")
    String signIn();

    @Message("退出")
    String signOut();

    @Message("用户名")
    String username();

    @Message("密码")
    String password();

    @Message("用户名或密码错误")
    String badCredentials();

    @Message("English")
    String otherLanguage();

    @Message("跳到正文")
    String skipToContent();

    @Message("服务器时间（北京时间）")
    String serverTime();

    @Message("请求未完成")
    String requestFailed();

    @Message("依据")
    String citation();

    @Message("规则")
    String rule();

    @Message("字段")
    String field();

    @Message("保存")
    String save();

    @Message("提交")
    String submit();

    @Message("取消")
    String cancel();

    @Message("确定吗？")
    String areYouSure();

    @Message("无权访问")
    String forbidden();

    @Message("此页面需要其他角色的账户。")
    String forbiddenText();

    @Message("未找到")
    String notFound();

    @Message("剩余")
    String remaining();

    @Message("已到时")
    String timeUp();

    @Message("实时连接已断开，正在重连…")
    String reconnecting();

    @Message("北京时间")
    String beijingTime();

    @Message("无")
    String none();

    @Message("分页")
    String pages();

    @Message("上一页")
    String previousPage();

    @Message("下一页")
    String nextPage();

    @Message("共 {count} 项")
    String totalExact(long count);

    @Message("超过 {count} 项（不再精确计数）")
    String totalAtLeast(long count);

    @Message("本页 {count} 项")
    String shown(int count);
}
