//! The public site's words in Simplified Chinese, Traditional Chinese and English.

use lvzhi_domain::labels::Lang;

/// Every string the public pages show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicMsg {
    SiteName,
    SiteTagline,
    HomeTitle,
    HomeDescription,
    HomeLead,
    HomeMinimumsTitle,
    HomeMinimumsBody,
    HomeOversightTitle,
    HomeOversightBody,
    ForDeputies,
    DeputySignIn,
    ForStaff,
    StaffSignIn,
    LanguagesLabel,
    SkipToContent,
    FooterNote,
    NotFoundTitle,
    NotFoundBody,
    BackHome,
}

impl PublicMsg {
    /// The string in `lang`.
    pub fn text(self, lang: Lang) -> &'static str {
        use PublicMsg::*;
        let (hans, hant, en) = match self {
            SiteName => ("履职", "履職", "Lüzhi"),
            SiteTagline => ("人大代表履职公开", "人大代表履職公開", "Deputies' duties, in the open"),
            HomeTitle => (
                "履职 · 人大代表履职服务与公开监督",
                "履職 · 人大代表履職服務與公開監督",
                "Lüzhi · People's Congress deputies' duties, registered and public",
            ),
            HomeDescription => (
                "人大代表登记每一项履职活动，系统按“341 311”等履职要求计算达标情况，并向公众公开，接受监督。",
                "人大代表登記每一項履職活動，系統按「341 311」等履職要求計算達標情況，並向公眾公開，接受監督。",
                "People's Congress deputies register every duty activity; Lüzhi measures them against minimums such as Chongqing's \"341 311\" and publishes the results for public oversight.",
            ),
            HomeLead => (
                "人大代表由人民选举，受人民监督。履职登记让每位代表的履职活动有据可查：出席会议、闭会期间活动、提出建议、联系群众、参加培训。",
                "人大代表由人民選舉，受人民監督。履職登記讓每位代表的履職活動有據可查：出席會議、閉會期間活動、提出建議、聯繫群眾、參加培訓。",
                "Deputies are elected by the people and answer to them. Registering their duties makes every deputy's work a matter of record: sessions attended, activities between sessions, suggestions made, constituents met, trainings taken.",
            ),
            HomeMinimumsTitle => ("履职要求", "履職要求", "The minimums"),
            HomeMinimumsBody => (
                "重庆市人大代表的“341 311”：每年在大会上发言 3 次、参加闭会期间活动 4 次、提出议案或建议 1 件；每届参加培训 3 次、为选区办 1 件好事实事、向选区述职 1 次。",
                "重慶市人大代表的「341 311」：每年在大會上發言 3 次、參加閉會期間活動 4 次、提出議案或建議 1 件；每屆參加培訓 3 次、為選區辦 1 件好事實事、向選區述職 1 次。",
                "Chongqing's \"341 311\" for municipal deputies: each year, 3 speeches at the annual session, 4 activities between sessions and 1 bill or suggestion; each term, 3 trainings, 1 good deed for the electoral unit and 1 report to it.",
            ),
            HomeOversightTitle => ("公开监督", "公開監督", "Public oversight"),
            HomeOversightBody => (
                "每位代表的履职情况、公开的建议及其办理结果和两次测评都在本站公开，供选民查阅；统计数据可以下载。",
                "每位代表的履職情況、公開的建議及其辦理結果和兩次測評都在本站公開，供選民查閱；統計數據可以下載。",
                "Each deputy's standing, the published suggestions with how they were handled and both receipts are open here for voters to read; the figures can be downloaded.",
            ),
            ForDeputies => ("人大代表", "人大代表", "Deputies"),
            DeputySignIn => ("登录履职登记", "登入履職登記", "Sign in to register duties"),
            ForStaff => ("代表工作机构", "代表工作機構", "Deputy affairs staff"),
            StaffSignIn => ("登录工作台", "登入工作台", "Sign in to the staff console"),
            LanguagesLabel => ("语言", "語言", "Language"),
            SkipToContent => ("跳到正文", "跳到正文", "Skip to content"),
            FooterNote => (
                "履职 · 人大代表履职服务平台",
                "履職 · 人大代表履職服務平台",
                "Lüzhi · a service for People's Congress deputies",
            ),
            NotFoundTitle => ("找不到这个页面", "找不到這個頁面", "Page not found"),
            NotFoundBody => (
                "这个地址没有页面。它可能已经移动，或者输入有误。",
                "這個地址沒有頁面。它可能已經移動，或者輸入有誤。",
                "There is no page at this address. It may have moved, or the address may be mistyped.",
            ),
            BackHome => ("回到首页", "回到首頁", "Back to the home page"),
        };
        lang.pick(hans, hant, en)
    }
}
