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
    WhatComesHere,
    SignInPrompt,
    PublicSite,
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
            WhatComesHere => (
                "审核登记、代为登记、履职情况总览和操作记录将在这里提供。",
                "審核登記、代為登記、履職情況總覽和操作記錄將在這裡提供。",
                "Reviewing registrations, entering them on a deputy's behalf, everyone's compliance at a glance and the audit trail will be here.",
            ),
            SignInPrompt => (
                "工作人员请登录后使用工作台。",
                "工作人員請登入後使用工作台。",
                "Staff: sign in to use the console.",
            ),
            PublicSite => ("公开监督网站", "公開監督網站", "Public site"),
        };
        lang.pick(hans, hant, en)
    }
}

/// The reactive text of a console string: one closure type for every key (wasm size).
pub fn ts(i18n: I18n, msg: StaffMsg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || msg.text(i18n.lang.get())
}
