//! The interface's own strings in each language, and the current language.
//!
//! Every string the interface shows is a [`Msg`]; [`Msg::text`] gives it in a [`Lang`].
//! Names of domain values (activity kinds, levels…) come from `lvzhi_domain::labels`.
//! The chosen language is kept in `localStorage` under [`LANG_STORAGE_KEY`] and applied to
//! `<html lang>`; the default is Simplified Chinese.

use leptos::prelude::*;
pub use lvzhi_domain::labels::Lang;

mod work;
pub use work::{WorkMsg, describe_problem};

pub const LANG_STORAGE_KEY: &str = "lvzhi.lang";

/// Every interface string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    AppName,
    AppTagline,
    NavHome,
    NavRequirements,
    Language,
    Online,
    Offline,
    ServerStatus,
    Checking,
    ServerOk,
    ServerDegraded,
    ServerUnreachable,
    ServerUnreachableHint,
    Version,
    SchemaVersion,
    OfflineHint,
    RequirementsTitle,
    RequirementsIntro,
    Period,
    Requirement,
    Minimum,
    EachYear,
    EachTerm,
    NotFoundTitle,
    NotFoundBody,
    BackHome,
    SkipToContent,
    StorageNotPersistent,
    SignIn,
    Login,
    Password,
    SignInButton,
    SigningIn,
    SignOut,
    WrongCredentials,
    SignInNeedsNetwork,
    TooManySignInAttempts,
    HomeStanding,
    HomeNeedsMe,
    HomeReceiptsWaiting,
    HomeProblemsWaiting,
    HomeUnsyncedWaiting,
    HomeNothingNeeded,
    HomeNextReception,
    HomeNoReception,
    UnknownUnsyncedSignOutWarning,
    MySessions,
    MySessionsHint,
    ThisDevice,
    LastUsed,
    EndSession,
    EndOtherSessions,
    SessionsNeedNetwork,
    AboutServer,
    ServerBusy,
    UnsyncedSignOutWarning,
}

impl Msg {
    /// English singulars of counted strings (`{n}` = 1); Chinese has one form.
    fn one(self) -> Option<&'static str> {
        use Msg::*;
        Some(match self {
            HomeReceiptsWaiting => "{n} suggestion waits for my receipt",
            HomeProblemsWaiting => "{n} change refused or in conflict",
            HomeUnsyncedWaiting => "{n} change not yet synced",
            UnsyncedSignOutWarning => {
                "{n} record on this device has not reached the server. Signing out deletes the personal data on this device, and it will be lost. Sign out anyway?"
            }
            _ => return None,
        })
    }

    /// A counted string with `{n}` replaced, in the plural form `n` needs.
    pub fn count(self, lang: Lang, n: usize) -> String {
        counted(self.text(lang), self.one(), lang, n)
    }

    /// The string in `lang`.
    pub fn text(self, lang: Lang) -> &'static str {
        use Msg::*;
        let (hans, hant, en) = match self {
            AppName => ("履职", "履職", "Lüzhi"),
            AppTagline => (
                "人大代表履职服务平台",
                "人大代表履職服務平台",
                "Deputies' duty-performance registry",
            ),
            NavHome => ("首页", "首頁", "Home"),
            NavRequirements => ("履职要求", "履職要求", "Requirements"),
            Language => ("语言", "語言", "Language"),
            Online => ("在线", "在線", "Online"),
            Offline => ("离线", "離線", "Offline"),
            ServerStatus => ("服务器状态", "伺服器狀態", "Server status"),
            Checking => ("正在检查…", "正在檢查…", "Checking…"),
            ServerOk => ("运行正常", "運行正常", "Working normally"),
            ServerDegraded => ("数据库异常", "資料庫異常", "Database problem"),
            ServerUnreachable => ("无法连接服务器", "無法連接伺服器", "Cannot reach the server"),
            ServerUnreachableHint => (
                "网络或服务器暂时不可用；本机数据不受影响，恢复连接后自动重试。",
                "網絡或伺服器暫時不可用；本機資料不受影響，恢復連接後自動重試。",
                "The network or the server is unavailable; data on this device is safe, and the app retries when the connection returns.",
            ),
            Version => ("版本", "版本", "Version"),
            SchemaVersion => ("结构版本", "結構版本", "Schema version"),
            OfflineHint => (
                "当前处于离线状态：已保存在本机的内容仍可使用，联网后自动同步。",
                "目前處於離線狀態：已保存在本機的內容仍可使用，聯網後自動同步。",
                "You are offline: what is stored on this device still works and syncs when the network returns.",
            ),
            RequirementsTitle => (
                "“341 311”履职基本要求",
                "「341 311」履職基本要求",
                "The “341 311” minimum requirements",
            ),
            RequirementsIntro => (
                "依据《重庆市人民代表大会代表履职活动登记办法（试行）》，代表年内、届内履职活动应达到以下基本要求。",
                "依據《重慶市人民代表大會代表履職活動登記辦法（試行）》，代表年內、屆內履職活動應達到以下基本要求。",
                "Under Chongqing's registration measure for deputies' duty activities, each deputy should reach these minimums each year and each term.",
            ),
            Period => ("周期", "週期", "Period"),
            Requirement => ("要求", "要求", "Requirement"),
            Minimum => ("最低次数", "最低次數", "Minimum"),
            EachYear => ("每年", "每年", "Each year"),
            EachTerm => ("每届", "每屆", "Each term"),
            NotFoundTitle => ("页面不存在", "頁面不存在", "Page not found"),
            NotFoundBody => (
                "您访问的页面不存在或已移动。",
                "您訪問的頁面不存在或已移動。",
                "The page you asked for does not exist or has moved.",
            ),
            BackHome => ("返回首页", "返回首頁", "Back to the home page"),
            SkipToContent => ("跳到正文", "跳到正文", "Skip to content"),
            SignIn => ("登录", "登入", "Sign in"),
            Login => ("账号", "帳號", "Login"),
            Password => ("密码", "密碼", "Password"),
            SignInButton => ("登录", "登入", "Sign in"),
            SigningIn => ("正在登录…", "正在登入…", "Signing in…"),
            SignOut => ("退出", "登出", "Sign out"),
            WrongCredentials => (
                "账号或密码不正确。",
                "帳號或密碼不正確。",
                "The login or the password is wrong.",
            ),
            MySessions => ("我的登录设备", "我的登入裝置", "My sessions"),
            MySessionsHint => (
                "这些设备上的浏览器正以你的账号登录。不认识的，结束它。",
                "這些裝置上的瀏覽器正以你的帳號登入。不認識的，結束它。",
                "Browsers signed in with your account. End any you do not recognise.",
            ),
            ThisDevice => ("本设备", "本裝置", "This device"),
            LastUsed => ("最近使用", "最近使用", "Last used"),
            EndSession => ("结束", "結束", "End"),
            EndOtherSessions => ("退出其他所有设备", "登出其他所有裝置", "Sign out all other devices"),
            SessionsNeedNetwork => (
                "查看和结束登录需要联网。",
                "查看和結束登入需要聯網。",
                "Seeing and ending sessions needs the network.",
            ),
            AboutServer => ("关于服务器", "關於伺服器", "About the server"),
            UnknownUnsyncedSignOutWarning => (
                "读不出本机还有多少记录尚未同步（{error}）。退出将删除本机上的个人数据，尚未同步的记录会丢失。仍要退出吗？",
                "讀不出本機還有多少記錄尚未同步（{error}）。登出將刪除本機上的個人資料，尚未同步的記錄會遺失。仍要登出嗎？",
                "Cannot tell how many records on this device have not reached the server ({error}). Signing out deletes the personal data on this device, and any such records will be lost. Sign out anyway?",
            ),
            HomeStanding => ("我的履职情况", "我的履職情況", "Where I stand"),
            HomeNeedsMe => ("待我处理", "待我處理", "What needs me"),
            HomeReceiptsWaiting => (
                "{n} 件建议等我回执",
                "{n} 件建議等我回執",
                "{n} suggestions wait for my receipt",
            ),
            HomeProblemsWaiting => (
                "{n} 项更改被服务器拒绝或有冲突",
                "{n} 項更改被伺服器拒絕或有衝突",
                "{n} changes refused or in conflict",
            ),
            HomeUnsyncedWaiting => ("{n} 项更改尚未同步", "{n} 項更改尚未同步", "{n} changes not yet synced"),
            HomeNothingNeeded => (
                "暂时没有需要处理的事项。",
                "暫時沒有需要處理的事項。",
                "Nothing needs you right now.",
            ),
            HomeNextReception => ("下次接待群众", "下次接待群眾", "Next reception at my station"),
            HomeNoReception => (
                "你所在的代表之家（站）近期没有排定的接待日。",
                "你所在的代表之家（站）近期沒有排定的接待日。",
                "No reception is scheduled soon at your stations.",
            ),
            TooManySignInAttempts => (
                "密码错误次数过多。请稍等片刻再试。",
                "密碼錯誤次數過多。請稍等片刻再試。",
                "Too many wrong passwords. Wait a moment, then try again.",
            ),
            ServerBusy => (
                "服务器正忙。请稍后再试。",
                "伺服器正忙。請稍後再試。",
                "The server is busy. Try again in a moment.",
            ),
            SignInNeedsNetwork => (
                "首次登录需要联网。连接网络后再试。",
                "首次登入需要聯網。連接網絡後再試。",
                "Signing in needs the network once. Connect and try again.",
            ),
            UnsyncedSignOutWarning => (
                "本机还有 {n} 条记录尚未同步到服务器。退出将删除本机上的个人数据，这些记录会丢失。仍要退出吗？",
                "本機還有 {n} 條記錄尚未同步到伺服器。登出將刪除本機上的個人資料，這些記錄會遺失。仍要登出嗎？",
                "{n} records on this device have not reached the server. Signing out deletes the personal data on this device, and they will be lost. Sign out anyway?",
            ),
            StorageNotPersistent => (
                "此浏览器未授予持久存储：清除浏览器数据或空间不足时，尚未同步的内容可能丢失。请安装本应用，并在联网时及时同步。",
                "此瀏覽器未授予持久儲存：清除瀏覽器資料或空間不足時，尚未同步的內容可能遺失。請安裝本應用，並在聯網時及時同步。",
                "This browser has not granted persistent storage: un-synced work could be lost if browsing data is cleared or space runs low. Install the app and sync when online.",
            ),
        };
        lang.pick(hans, hant, en)
    }
}

/// A calendar date written the way the language writes it: 2026年11月25日 / 25 Nov 2026.
pub fn format_date(date: lvzhi_domain::date::LocalDate, lang: Lang) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match lang {
        Lang::ZhHans | Lang::ZhHant => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
        Lang::En => format!(
            "{} {} {}",
            date.day(),
            MONTHS[(date.month() as usize).saturating_sub(1).min(11)],
            date.year()
        ),
    }
}

/// `other` (the plural, or the only form) with `{n}` replaced by `n`; English takes `one`
/// when `n` is 1 and the key has a singular.
pub fn counted(other: &str, one: Option<&str>, lang: Lang, n: usize) -> String {
    let form = match (lang, one) {
        (Lang::En, Some(one)) if n == 1 => one,
        _ => other,
    };
    form.replace("{n}", &n.to_string())
}

/// The current language, shared through context.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// A closure-friendly lookup: `i18n.t(Msg::NavHome)` tracks the language signal.
    pub fn t(self, msg: Msg) -> &'static str {
        msg.text(self.lang.get())
    }

    /// A workspace string, tracking the language signal.
    pub fn w(self, msg: WorkMsg) -> &'static str {
        msg.text(self.lang.get())
    }

    /// The reactive text of a shell string: one closure type for every key, so views that
    /// show many strings compile one render effect instead of one per string (wasm size).
    pub fn tt(self, msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.t(msg)
    }

    /// The reactive text of a workspace string (see [`Self::tt`]).
    pub fn tw(self, msg: WorkMsg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.w(msg)
    }

    /// A counted shell string (`{n}` replaced, plural-aware), tracking the language signal.
    pub fn tc(self, msg: Msg, n: usize) -> String {
        msg.count(self.lang.get(), n)
    }

    /// A counted workspace string (`{n}` replaced, plural-aware), tracking the language.
    pub fn wc(self, msg: WorkMsg, n: usize) -> String {
        msg.count(self.lang.get(), n)
    }

    /// Changes the language, remembers it and updates `<html lang>`.
    pub fn set(self, lang: Lang) {
        self.lang.set(lang);
        if let Some(storage) = local_storage() {
            crate::error::warn_on_failure(
                "remembering the language",
                storage.set_item(LANG_STORAGE_KEY, lang.code()),
            );
        }
        apply_document_lang(lang);
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn apply_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        crate::error::warn_on_failure("setting <html lang>", root.set_attribute("lang", lang.code()));
    }
}

/// The remembered language, else Simplified Chinese.
pub fn initial_lang() -> Lang {
    local_storage()
        .and_then(|storage| storage.get_item(LANG_STORAGE_KEY).ok().flatten())
        .and_then(|code| Lang::parse_field(&code, "lang").ok())
        .unwrap_or_default()
}

/// Creates the language context; call once at the root.
pub fn provide_i18n() -> I18n {
    let lang = initial_lang();
    apply_document_lang(lang);
    let i18n = I18n {
        lang: RwSignal::new(lang),
    };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
