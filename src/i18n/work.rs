//! Strings of the deputy's workspace (records, registration, sync) in each language.
//! Kept apart from [`super::Msg`] so neither table grows past a screenful of screens.

use lvzhi_domain::error::{Problem, ValidationError};
use lvzhi_domain::labels::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkMsg {
    NavRecords,
    NavRegister,
    NavSync,
    RegisterTitle,
    EditTitle,
    Kind,
    Date,
    Place,
    PlaceHint,
    Description,
    DescriptionHint,
    Save,
    Saving,
    Cancel,
    SavedNotSynced,
    NotYetSynced,
    PendingReview,
    Approved,
    RejectedBecause,
    RecordsTitle,
    RecordsEmpty,
    AllYears,
    AllKinds,
    AllStatuses,
    Search,
    Edit,
    Withdraw,
    WithdrawConfirm,
    Year,
    Status,
    Shown,
    SyncTitle,
    SyncNow,
    Syncing,
    PendingChanges,
    LastSync,
    Never,
    LastError,
    NoError,
    SignInToSync,
    Problems,
    NoProblems,
    YourVersion,
    ServerVersion,
    ServerDeleted,
    Dismiss,
    ExportOutbox,
    ExportHint,
    ImportOutbox,
    Imported,
    ImportWrongAccount,
    ImportUnreadable,
    AllSynced,
    UnsyncedBadge,
    FieldEmpty,
    FieldTooLong,
    FieldBadFormat,
    FieldOutOfRange,
    DateInFuture,
    SignInFirst,
    RecordNotFound,
    NotEditable,
    ShowMore,
    StorageFailed,
}

impl WorkMsg {
    pub fn text(self, lang: Lang) -> &'static str {
        use WorkMsg::*;
        let (hans, hant, en) = match self {
            NavRecords => ("我的记录", "我的記錄", "My records"),
            NavRegister => ("登记活动", "登記活動", "Register"),
            NavSync => ("同步", "同步", "Sync"),
            RegisterTitle => ("登记履职活动", "登記履職活動", "Register a duty activity"),
            EditTitle => ("修改履职活动", "修改履職活動", "Edit a duty activity"),
            Kind => ("活动类型", "活動類型", "Kind"),
            Date => ("日期", "日期", "Date"),
            Place => ("地点", "地點", "Place"),
            PlaceHint => (
                "例如：某街道代表之家",
                "例如：某街道代表之家",
                "e.g. the deputies' home of a sub-district",
            ),
            Description => ("内容摘要", "內容摘要", "Description"),
            DescriptionHint => (
                "做了什么、与谁、结果如何",
                "做了什麼、與誰、結果如何",
                "What was done, with whom, and the outcome",
            ),
            Save => ("保存", "保存", "Save"),
            Saving => ("正在保存…", "正在保存…", "Saving…"),
            Cancel => ("取消", "取消", "Cancel"),
            SavedNotSynced => (
                "已保存在本机，联网后自动同步。",
                "已保存在本機，聯網後自動同步。",
                "Saved on this device; it syncs when online.",
            ),
            NotYetSynced => ("尚未同步", "尚未同步", "Not yet synced"),
            PendingReview => ("待审核", "待審核", "Pending review"),
            Approved => ("已通过", "已通過", "Approved"),
            RejectedBecause => ("未通过：", "未通過：", "Rejected: "),
            RecordsTitle => ("我的履职记录", "我的履職記錄", "My duty records"),
            RecordsEmpty => ("没有符合条件的记录。", "沒有符合條件的記錄。", "No records match."),
            AllYears => ("全部年份", "全部年份", "All years"),
            AllKinds => ("全部类型", "全部類型", "All kinds"),
            AllStatuses => ("全部状态", "全部狀態", "All statuses"),
            Search => ("搜索", "搜尋", "Search"),
            Edit => ("修改", "修改", "Edit"),
            Withdraw => ("撤回", "撤回", "Withdraw"),
            WithdrawConfirm => (
                "撤回这条记录？撤回后它不再计入履职统计。",
                "撤回這條記錄？撤回後它不再計入履職統計。",
                "Withdraw this record? It will no longer count.",
            ),
            Year => ("年份", "年份", "Year"),
            Status => ("状态", "狀態", "Status"),
            Shown => ("条", "條", "shown"),
            SyncTitle => ("数据同步", "資料同步", "Sync"),
            SyncNow => ("立即同步", "立即同步", "Sync now"),
            Syncing => ("正在同步…", "正在同步…", "Syncing…"),
            PendingChanges => ("待上传的更改", "待上傳的更改", "Changes waiting to upload"),
            LastSync => ("上次成功同步", "上次成功同步", "Last successful sync"),
            Never => ("从未", "從未", "Never"),
            LastError => ("最近的错误", "最近的錯誤", "Last error"),
            NoError => ("无", "無", "None"),
            SignInToSync => ("登录后才能同步。", "登入後才能同步。", "Sign in to sync."),
            Problems => (
                "未被服务器接受的更改",
                "未被伺服器接受的更改",
                "Changes the server did not accept",
            ),
            NoProblems => ("没有。", "沒有。", "None."),
            YourVersion => ("您的版本", "您的版本", "Your version"),
            ServerVersion => ("服务器上的版本", "伺服器上的版本", "The server's version"),
            ServerDeleted => (
                "服务器上已没有这条记录。",
                "伺服器上已沒有這條記錄。",
                "The server no longer has this record.",
            ),
            Dismiss => ("知道了", "知道了", "Dismiss"),
            ExportOutbox => ("导出未同步的更改", "匯出未同步的更改", "Export un-synced changes"),
            ExportHint => (
                "把尚未同步的更改保存为文件，可在另一台电脑或清除浏览器数据后导入。",
                "把尚未同步的更改保存為檔案，可在另一台電腦或清除瀏覽器資料後匯入。",
                "Save the un-synced changes to a file, to import on another computer or after the browser's data was cleared.",
            ),
            ImportOutbox => ("导入更改文件", "匯入更改檔案", "Import a changes file"),
            Imported => (
                "已导入 {n} 条更改，将在联网后同步。",
                "已匯入 {n} 條更改，將在聯網後同步。",
                "{n} change(s) imported; they sync when online.",
            ),
            ImportWrongAccount => (
                "这个文件属于另一个账号，未导入。",
                "這個檔案屬於另一個帳號，未匯入。",
                "This file belongs to another account; nothing was imported.",
            ),
            ImportUnreadable => (
                "无法读取这个文件（不是履职更改文件）：",
                "無法讀取這個檔案（不是履職更改檔案）：",
                "Cannot read this file (not a Lüzhi changes file): ",
            ),
            AllSynced => ("已同步", "已同步", "Synced"),
            UnsyncedBadge => ("条未同步", "條未同步", "un-synced"),
            FieldEmpty => ("必须填写。", "必須填寫。", "is required."),
            FieldTooLong => (
                "太长了，最多 {n} 个字。",
                "太長了，最多 {n} 個字。",
                "is too long: at most {n} characters.",
            ),
            FieldBadFormat => ("格式不正确。", "格式不正確。", "is not in the right format."),
            FieldOutOfRange => ("超出允许的范围。", "超出允許的範圍。", "is out of the allowed range."),
            DateInFuture => ("不能晚于今天。", "不能晚於今天。", "cannot be after today."),
            SignInFirst => (
                "请先登录（首次登录需要联网）。",
                "請先登入（首次登入需要聯網）。",
                "Sign in first (the first sign-in needs the network).",
            ),
            RecordNotFound => (
                "本机没有这条记录。",
                "本機沒有這條記錄。",
                "This record is not on this device.",
            ),
            ShowMore => (
                "显示更多（还有 {n} 条）",
                "顯示更多（還有 {n} 條）",
                "Show more ({n} left)",
            ),
            StorageFailed => (
                "无法保存到本机，什么也没有改变：",
                "無法保存到本機，什麼也沒有改變：",
                "Could not save on this device; nothing was changed: ",
            ),
            NotEditable => (
                "只有待审核的记录可以修改或撤回。",
                "只有待審核的記錄可以修改或撤回。",
                "Only records pending review can be edited or withdrawn.",
            ),
        };
        lang.pick(hans, hant, en)
    }
}

/// A validation error in the user's language, e.g. "内容摘要：太长了，最多 4000 个字。".
pub fn describe_problem(error: &ValidationError, field_label: &str, lang: Lang) -> String {
    let sentence = match &error.problem {
        Problem::Empty => WorkMsg::FieldEmpty.text(lang).to_owned(),
        Problem::TooLong { max_chars } => WorkMsg::FieldTooLong.text(lang).replace("{n}", &max_chars.to_string()),
        Problem::OutOfRange { .. } => WorkMsg::FieldOutOfRange.text(lang).to_owned(),
        Problem::Inconsistent { detail } if detail == "after today" => WorkMsg::DateInFuture.text(lang).to_owned(),
        Problem::BadFormat { .. } | Problem::UnknownChoice { .. } | Problem::Inconsistent { .. } => {
            WorkMsg::FieldBadFormat.text(lang).to_owned()
        }
    };
    let separator = if lang == Lang::En { " " } else { "：" };
    format!("{field_label}{separator}{sentence}")
}
