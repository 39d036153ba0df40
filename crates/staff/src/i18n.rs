//! The staff console's own strings, in Simplified Chinese, Traditional Chinese and English.
//! The strings both apps show (sign-in, sign-out, the language switch…) are
//! `lvzhi_client::i18n::Msg`.

use leptos::prelude::*;
use lvzhi_client::i18n::{I18n, Lang};

/// Every string only the console shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffMsg {
    ConsoleName,
    ConsoleTagline,
    Welcome,
    SignedInAs,
    SignInPrompt,
    PublicSite,
    NavHome,
    NavReview,
    NavDashboard,
    NavEnter,
    FirstLoad,
    NoDataYet,
    ScopeIs,
    ScopeEveryone,
    NeedsAction,
    PendingReviews,
    Within7,
    Days7To30,
    Over30,
    ProblemChanges,
    DeputiesAtRisk,
    RecordsOnDevice,
    ReviewTitle,
    QueueCount,
    KeysHelp,
    Approve,
    Reject,
    Undo,
    HeldApproved,
    HeldRejected,
    Undone,
    RejectReason,
    RejectNote,
    ConfirmReject,
    OtherReason,
    SameDay,
    NoneThatDay,
    EnteredByStaff,
    EnteredByDeputy,
    QueueEmpty,
    OwnEntries,
    BulkApprove,
    SelectRecord,
    EnteredBy,
    ByDeputy,
    ByStaff,
    FromDate,
    ToDate,
    Everyone,
    Level,
    Group,
    Awaiting,
    Confirmed,
    Declined,
    DashboardTitle,
    Period,
    YearOf,
    TermOf,
    SortBy,
    SortName,
    SortColumn,
    ExportCsv,
    ExportXlsx,
    ColumnCounts,
    AsOf,
    PreviousPage,
    NextPage,
    PageOf,
    Deputy,
    BackToDashboard,
    DeputyNotInScope,
    EnterTitle,
    EnterIntro,
    ChooseDeputy,
    EnteredSaved,
}

impl StaffMsg {
    /// The string in `lang`.
    pub fn text(self, lang: Lang) -> &'static str {
        use StaffMsg::*;
        let (hans, hant, en) = match self {
            ConsoleName => ("履职 · 工作台", "履職 · 工作台", "Lüzhi · Staff console"),
            ConsoleTagline => ("代表工作机构", "代表工作機構", "Deputy affairs offices"),
            Welcome => ("工作台", "工作台", "Console"),
            SignedInAs => ("当前账号：{name}", "目前帳號：{name}", "Signed in as {name}"),
            SignInPrompt => (
                "工作人员请登录后使用工作台。",
                "工作人員請登入後使用工作台。",
                "Staff: sign in to use the console.",
            ),
            PublicSite => ("公开监督网站", "公開監督網站", "Public site"),
            NavHome => ("工作台", "工作台", "Home"),
            NavReview => ("审核", "審核", "Review"),
            NavDashboard => ("履职总览", "履職總覽", "Compliance"),
            NavEnter => ("代为登记", "代為登記", "Enter for a deputy"),
            FirstLoad => (
                "正在载入工作范围内的记录：{loaded} / {total}",
                "正在載入工作範圍內的記錄：{loaded} / {total}",
                "Loading the records in your scope: {loaded} / {total}",
            ),
            NoDataYet => (
                "本设备尚未载入数据，联网后会自动载入。",
                "本裝置尚未載入資料，連網後會自動載入。",
                "Nothing is loaded on this device yet; it loads by itself once online.",
            ),
            ScopeIs => ("工作范围：{scope}", "工作範圍：{scope}", "Scope: {scope}"),
            ScopeEveryone => ("全部代表", "全部代表", "every deputy"),
            NeedsAction => ("待办事项", "待辦事項", "Needs action"),
            PendingReviews => ("待审核登记", "待審核登記", "Registrations awaiting review"),
            Within7 => ("7 天内", "7 天內", "Under 7 days"),
            Days7To30 => ("7–30 天", "7–30 天", "7–30 days"),
            Over30 => ("超过 30 天", "超過 30 天", "Over 30 days"),
            ProblemChanges => (
                "被拒绝或冲突的更改",
                "被拒絕或衝突的更改",
                "Refused or conflicting changes",
            ),
            DeputiesAtRisk => ("有未达标风险的代表", "有未達標風險的代表", "Deputies at risk"),
            RecordsOnDevice => (
                "本设备上的记录：{count}",
                "本裝置上的記錄：{count}",
                "Records on this device: {count}",
            ),
            ReviewTitle => ("审核登记", "審核登記", "Review registrations"),
            QueueCount => ("待审核 {count} 条", "待審核 {count} 條", "{count} awaiting review"),
            KeysHelp => (
                "快捷键：J 或 ↓ 下一条，K 或 ↑ 上一条，A 通过，R 退回，U 撤销",
                "快捷鍵：J 或 ↓ 下一條，K 或 ↑ 上一條，A 通過，R 退回，U 撤銷",
                "Keys: J or ↓ next, K or ↑ previous, A approve, R reject, U undo",
            ),
            Approve => ("通过", "通過", "Approve"),
            Reject => ("退回", "退回", "Reject"),
            Undo => ("撤销", "撤銷", "Undo"),
            HeldApproved => (
                "已通过「{what}」，{seconds} 秒后提交。",
                "已通過「{what}」，{seconds} 秒後提交。",
                "Approved “{what}”; sent in {seconds} s.",
            ),
            HeldRejected => (
                "已退回「{what}」，{seconds} 秒后提交。",
                "已退回「{what}」，{seconds} 秒後提交。",
                "Rejected “{what}”; sent in {seconds} s.",
            ),
            Undone => ("已撤销。", "已撤銷。", "Undone."),
            RejectReason => ("退回理由", "退回理由", "Reason"),
            RejectNote => (
                "补充说明（代表可见）",
                "補充說明（代表可見）",
                "Note (the deputy sees it)",
            ),
            ConfirmReject => ("确认退回", "確認退回", "Reject"),
            OtherReason => (
                "其他（请在说明中填写）",
                "其他（請在說明中填寫）",
                "Other (write it in the note)",
            ),
            SameDay => (
                "该代表同日的其他记录",
                "該代表同日的其他記錄",
                "The deputy's other records that day",
            ),
            NoneThatDay => ("无", "無", "None"),
            EnteredByStaff => (
                "工作人员 {staff} 代 {deputy} 登记",
                "工作人員 {staff} 代 {deputy} 登記",
                "Entered by staff {staff} for {deputy}",
            ),
            EnteredByDeputy => ("{deputy} 本人登记", "{deputy} 本人登記", "Entered by {deputy}"),
            QueueEmpty => ("没有待审核的登记。", "沒有待審核的登記。", "Nothing awaits review."),
            OwnEntries => (
                "你登记的 {count} 条由其他审核人审核，不在此列出。",
                "你登記的 {count} 條由其他審核人審核，不在此列出。",
                "{count} you entered are reviewed by someone else and are not listed.",
            ),
            BulkApprove => (
                "批量通过所选（{count}）",
                "批量通過所選（{count}）",
                "Approve selected ({count})",
            ),
            SelectRecord => ("选择", "選擇", "Select"),
            EnteredBy => ("登记人", "登記人", "Entered by"),
            ByDeputy => ("代表本人", "代表本人", "The deputy"),
            ByStaff => ("工作人员", "工作人員", "Staff"),
            FromDate => ("起始日期", "起始日期", "From"),
            ToDate => ("截止日期", "截止日期", "To"),
            Everyone => ("全部", "全部", "All"),
            Level => ("层级", "層級", "Level"),
            Group => ("代表小组", "代表小組", "Group"),
            Awaiting => ("待确认", "待確認", "Not yet answered"),
            Confirmed => ("已确认", "已確認", "Confirmed"),
            Declined => ("已拒绝", "已拒絕", "Declined"),
            DashboardTitle => ("履职情况总览", "履職情況總覽", "Everyone's compliance"),
            Period => ("期间", "期間", "Period"),
            YearOf => ("{year} 年", "{year} 年", "{year}"),
            TermOf => (
                "第 {term} 届（整届）",
                "第 {term} 屆（整屆）",
                "Term {term} (whole term)",
            ),
            SortBy => ("排序", "排序", "Sort"),
            SortName => ("按姓名", "按姓名", "By name"),
            SortColumn => (
                "按「{column}」从低到高",
                "按「{column}」從低到高",
                "By “{column}”, lowest first",
            ),
            ExportCsv => ("导出 CSV", "匯出 CSV", "Export CSV"),
            ExportXlsx => (
                "导出 Excel（服务器生成）",
                "匯出 Excel（伺服器產生）",
                "Export Excel (made by the server)",
            ),
            ColumnCounts => (
                "{held} 人适用 · 达到 {met} · 有风险 {at_risk} · 未达到 {not_met}",
                "{held} 人適用 · 達到 {met} · 有風險 {at_risk} · 未達到 {not_met}",
                "{held} held · {met} met · {at_risk} at risk · {not_met} not met",
            ),
            AsOf => (
                "截至 {date}，{count} 位代表",
                "截至 {date}，{count} 位代表",
                "As of {date}: {count} deputies",
            ),
            PreviousPage => ("上一页", "上一頁", "Previous"),
            NextPage => ("下一页", "下一頁", "Next"),
            PageOf => (
                "第 {page} / {pages} 页",
                "第 {page} / {pages} 頁",
                "Page {page} of {pages}",
            ),
            Deputy => ("代表", "代表", "Deputy"),
            BackToDashboard => ("返回总览", "返回總覽", "Back to the table"),
            DeputyNotInScope => (
                "这位代表不在你的工作范围内，或尚未载入。",
                "這位代表不在你的工作範圍內，或尚未載入。",
                "This deputy is outside your scope, or not loaded yet.",
            ),
            EnterTitle => (
                "代代表登记履职活动",
                "代代表登記履職活動",
                "Enter an activity for a deputy",
            ),
            EnterIntro => (
                "登记后由其他审核人审核；记录上注明由你代为登记。",
                "登記後由其他審核人審核；記錄上註明由你代為登記。",
                "Another reviewer reviews it; the record says you entered it for the deputy.",
            ),
            ChooseDeputy => ("选择代表", "選擇代表", "Choose the deputy"),
            EnteredSaved => (
                "已保存，待其他审核人审核。",
                "已儲存，待其他審核人審核。",
                "Saved; it awaits another reviewer.",
            ),
        };
        lang.pick(hans, hant, en)
    }
}

/// A console string with `{name}` placeholders filled in.
pub fn fill(msg: StaffMsg, lang: Lang, values: &[(&str, &str)]) -> String {
    let mut text = msg.text(lang).to_owned();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// The reactive text of a console string: one closure type for every key (wasm size).
pub fn ts(i18n: I18n, msg: StaffMsg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || msg.text(i18n.lang.get())
}
