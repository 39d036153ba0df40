//! The words shown for domain values in each interface language: Simplified Chinese
//! (the default), Traditional Chinese and English. The app's own interface strings live
//! in the app; these are shared with the server and the command line.

use crate::activity::{ActivityKind, JointAnswer};
use crate::attendance::{AbsenceCategory, AbsenceKind, HalfDay, LeaveReason, Meeting};
use crate::compliance::{NotCounted, Status};
use crate::deputy::{Attribute, Level};
use crate::handling::{SuggestionCategory, UnitKind};
use crate::opinion::{OpinionCategory, OpinionStatus, Urgency};
use crate::organisation::{GroupKind, StationKind, TrainingAudience, TrainingMode};
use crate::staff::{HistoryAction, RejectReason};
use crate::suggestion::{Fulfilment, HandlingStage, Satisfaction, SuggestionKind};
use crate::sync::RefusalCode;

pub use crate::lang::Lang;

/// A value that has a name in each interface language.
pub trait Label {
    /// The name of the value in `lang`.
    fn label(self, lang: Lang) -> &'static str;
}

macro_rules! labels {
    ($type:ty { $($variant:path => ($hans:literal, $hant:literal, $en:literal)),+ $(,)? }) => {
        impl Label for $type {
            fn label(self, lang: Lang) -> &'static str {
                match self { $($variant => lang.pick($hans, $hant, $en)),+ }
            }
        }
    };
}

labels!(ActivityKind {
    ActivityKind::SessionSpeech => ("审议发言", "審議發言", "Speech at the session"),
    ActivityKind::Inspection => ("视察", "視察", "Inspection"),
    ActivityKind::ThematicResearch => ("专题调研", "專題調研", "Thematic research"),
    ActivityKind::ConstituentVisit => ("走访、接待群众", "走訪、接待群眾", "Constituent visit or reception"),
    ActivityKind::PublicOpinion => ("收集社情民意", "收集社情民意", "Public-opinion item"),
    ActivityKind::StandingCommitteeObserver => ("列席常委会会议", "列席常委會會議", "Observer at a standing-committee meeting"),
    ActivityKind::GroupActivity => ("代表小组活动", "代表小組活動", "Liaison or professional group activity"),
    ActivityKind::LawEnforcementCheck => ("执法检查", "執法檢查", "Law-enforcement check"),
    ActivityKind::Training => ("履职培训", "履職培訓", "Duty training"),
    ActivityKind::GoodDeed => ("办好事实事", "辦好事實事", "Good deed for the electoral unit"),
    ActivityKind::ReportToElectoralUnit => ("向原选举单位述职", "向原選舉單位述職", "Report to the electoral unit"),
    ActivityKind::Bill => ("议案", "議案", "Bill"),
    ActivityKind::Suggestion => ("建议、批评和意见", "建議、批評和意見", "Suggestion, criticism or opinion"),
    ActivityKind::WorkSuggestion => ("工作性建议", "工作性建議", "Work suggestion"),
    ActivityKind::Other => ("其他履职活动", "其他履職活動", "Other duty activity"),
});

labels!(Level {
    Level::National => ("全国人大代表", "全國人大代表", "National deputy"),
    Level::Municipal => ("市人大代表", "市人大代表", "Municipal deputy"),
    Level::District => ("区县人大代表", "區縣人大代表", "District or county deputy"),
    Level::Township => ("乡镇人大代表", "鄉鎮人大代表", "Township deputy"),
});

labels!(GroupKind {
    GroupKind::Liaison => ("代表联系组", "代表聯繫組", "Liaison group"),
    GroupKind::Professional => ("代表专业组", "代表專業組", "Professional group"),
});

labels!(StationKind {
    StationKind::Home => ("人大代表之家", "人大代表之家", "Deputies' home"),
    StationKind::Station => ("代表工作站", "代表工作站", "Deputy work station"),
    StationKind::Point => ("代表联络点", "代表聯絡點", "Deputy liaison point"),
});

labels!(TrainingAudience {
    TrainingAudience::Deputies => ("代表培训", "代表培訓", "For deputies"),
    TrainingAudience::Cadres => ("人大干部培训", "人大幹部培訓", "For congress cadres"),
});

labels!(TrainingMode {
    TrainingMode::InPerson => ("集中培训", "集中培訓", "In person"),
    TrainingMode::Remote => ("远程视频培训", "遠程視頻培訓", "Remote video"),
});

labels!(SuggestionKind {
    SuggestionKind::Bill => ("议案", "議案", "Bill"),
    SuggestionKind::Suggestion => ("建议", "建議", "Suggestion"),
});

labels!(HandlingStage {
    HandlingStage::Draft => ("草稿", "草稿", "Draft"),
    HandlingStage::Submitted => ("已提交", "已提交", "Submitted"),
    HandlingStage::Returned => ("已退回", "已退回", "Returned"),
    HandlingStage::Assigned => ("已交办", "已交辦", "Assigned"),
    HandlingStage::Replied => ("已答复", "已答覆", "Replied"),
    HandlingStage::Reopened => ("重新办理", "重新辦理", "Handled again"),
    HandlingStage::InProgress => ("落实中", "落實中", "Being carried out"),
    HandlingStage::Completed => ("已办结", "已辦結", "Completed"),
});

labels!(Satisfaction {
    Satisfaction::Satisfied => ("满意", "滿意", "Satisfied"),
    Satisfaction::BasicallySatisfied => ("基本满意", "基本滿意", "Basically satisfied"),
    Satisfaction::Unsatisfied => ("不满意", "不滿意", "Unsatisfied"),
});

labels!(Fulfilment {
    Fulfilment::Done => ("已落实", "已落實", "Done"),
    Fulfilment::PartlyDone => ("部分落实", "部分落實", "Partly done"),
    Fulfilment::NotDone => ("未落实", "未落實", "Not done"),
});

labels!(SuggestionCategory {
    SuggestionCategory::Economy => ("经济发展", "經濟發展", "Economy"),
    SuggestionCategory::Urban => ("城乡建设", "城鄉建設", "Urban and rural building"),
    SuggestionCategory::Transport => ("交通运输", "交通運輸", "Transport"),
    SuggestionCategory::Education => ("教育科技", "教育科技", "Education and science"),
    SuggestionCategory::Health => ("医疗卫生", "醫療衛生", "Health"),
    SuggestionCategory::Welfare => ("社会保障", "社會保障", "Social security"),
    SuggestionCategory::Environment => ("生态环境", "生態環境", "Environment"),
    SuggestionCategory::Rural => ("农业农村", "農業農村", "Agriculture and villages"),
    SuggestionCategory::Governance => ("政法与社会治理", "政法與社會治理", "Law and governance"),
    SuggestionCategory::Other => ("其他", "其他", "Other"),
});

labels!(UnitKind {
    UnitKind::Department => ("市级部门", "市級部門", "Municipal department"),
    UnitKind::DistrictGovernment => ("区县政府", "區縣政府", "District government"),
    UnitKind::Other => ("其他单位", "其他單位", "Other body"),
});

labels!(OpinionStatus {
    OpinionStatus::Received => ("已收到", "已收到", "Received"),
    OpinionStatus::Forwarded => ("已转交办理", "已轉交辦理", "Forwarded for handling"),
    OpinionStatus::Answered => ("已办理答复", "已辦理答覆", "Answered"),
    OpinionStatus::Converted => ("已转为建议", "已轉為建議", "Made a suggestion"),
    OpinionStatus::Merged => ("已合并", "已合併", "Merged with another"),
});

labels!(OpinionCategory {
    OpinionCategory::Livelihood => ("民生保障", "民生保障", "Livelihood"),
    OpinionCategory::Economy => ("经济发展", "經濟發展", "Economy"),
    OpinionCategory::Environment => ("生态环境", "生態環境", "Environment"),
    OpinionCategory::Governance => ("社会治理", "社會治理", "Social governance"),
    OpinionCategory::RuleOfLaw => ("法治建设", "法治建設", "Rule of law"),
    OpinionCategory::Other => ("其他", "其他", "Other"),
});

labels!(Urgency {
    Urgency::Normal => ("一般", "一般", "Normal"),
    Urgency::Urgent => ("紧急", "緊急", "Urgent"),
    Urgency::VeryUrgent => ("特急", "特急", "Very urgent"),
});

labels!(RefusalCode {
    RefusalCode::NotAParticipant => ("代表只能登记本人参加的活动。", "代表只能登記本人參加的活動。", "A deputy can only register activities they took part in."),
    RefusalCode::OthersRecord => ("这条记录属于其他代表。", "這條記錄屬於其他代表。", "This record belongs to other deputies."),
    RefusalCode::NotPending => ("只有待审核的记录可以修改或撤回。", "只有待審核的記錄可以修改或撤回。", "Only records pending review can be edited or withdrawn."),
    RefusalCode::UnknownRevision => ("这项更改基于服务器上不存在的版本。", "這項更改基於伺服器上不存在的版本。", "The change refers to a version the server never had."),
    RefusalCode::NotOnServer => ("服务器上没有这条记录（可能已撤回）。", "伺服器上沒有這條記錄（可能已撤回）。", "The record is not on the server (perhaps withdrawn)."),
    RefusalCode::StaffOnly => ("只有工作人员可以审核记录。", "只有工作人員可以審核記錄。", "Only staff can approve or reject records."),
    RefusalCode::FutureDate => ("记录的日期晚于今天。", "記錄的日期晚於今天。", "The record is dated after today."),
    RefusalCode::UnknownColleague => ("记录中列出的代表不存在，或在该日期不在任。", "記錄中列出的代表不存在，或在該日期不在任。", "A deputy named on the record does not exist or was not serving on its date."),
    RefusalCode::NotAskedToAnswer => ("只有被列为共同参加的代表（而非提出人）可以确认或拒绝。", "只有被列為共同參加的代表（而非提出人）可以確認或拒絕。", "Only a colleague named on a joint record, not its proposer, can confirm or decline it."),
    RefusalCode::OwnEntry => ("审核人不能审核自己登记的记录，请由其他工作人员审核。", "審核人不能審核自己登記的記錄，請由其他工作人員審核。", "A reviewer cannot review a record they entered; another reviewer must."),
    RefusalCode::OutOfScope => ("这条记录的代表不在本账号的工作范围内。", "這條記錄的代表不在本帳號的工作範圍內。", "The record's deputies are outside this account's scope."),
});

labels!(RejectReason {
    RejectReason::Duplicate => ("重复登记", "重複登記", "Registered twice"),
    RejectReason::Insufficient => ("材料不足，无法核实", "材料不足，無法核實", "Not enough detail to verify"),
    RejectReason::WrongKind => ("活动类别不符", "活動類別不符", "Wrong kind of activity"),
    RejectReason::WrongDate => ("日期有误", "日期有誤", "Wrong date"),
    RejectReason::NotDuty => ("不属于履职活动", "不屬於履職活動", "Not a duty activity"),
});

labels!(HistoryAction {
    HistoryAction::Entered => ("登记", "登記", "Entered"),
    HistoryAction::Edited => ("修改", "修改", "Edited"),
    HistoryAction::Withdrawn => ("撤回", "撤回", "Withdrawn"),
    HistoryAction::Approved => ("审核通过", "審核通過", "Approved"),
    HistoryAction::Rejected => ("退回", "退回", "Rejected"),
    HistoryAction::Confirmed => ("确认参加", "確認參加", "Confirmed taking part"),
    HistoryAction::Declined => ("拒绝列名", "拒絕列名", "Declined"),
});

labels!(Status {
    Status::Met => ("已达到", "已達到", "Met"),
    Status::InProgress => ("进行中", "進行中", "In progress"),
    Status::AtRisk => ("有风险", "有風險", "At risk"),
    Status::NotMet => ("未达到", "未達到", "Not met"),
    Status::NotApplicable => ("不适用", "不適用", "Not applicable"),
});

labels!(NotCounted {
    NotCounted::Pending => ("待审核，通过后计入", "待審核，通過後計入", "Pending review; counts once approved"),
    NotCounted::Rejected => ("未通过审核", "未通過審核", "Rejected in review"),
    NotCounted::OutsideWindow => ("不在本项的统计时段内", "不在本項的統計時段內", "Outside this requirement's window"),
    NotCounted::OutsideService => ("不在任职期间", "不在任職期間", "Outside the deputy's service"),
    NotCounted::WrongKind => ("此类型不计入本项", "此類型不計入本項", "A kind this requirement does not count"),
    NotCounted::Unconfirmed => ("其他代表提出，待您确认参加", "其他代表提出，待您確認參加", "Proposed by a colleague; counts once you confirm it"),
});

labels!(JointAnswer {
    JointAnswer::Confirmed => ("已确认参加", "已確認參加", "Confirmed"),
    JointAnswer::Declined => ("未参加（已拒绝）", "未參加（已拒絕）", "Declined"),
});

labels!(Attribute {
    Attribute::Grassroots => ("基层代表", "基層代表", "Grassroots deputy"),
});

labels!(Meeting {
    Meeting::AnnualSession => ("人民代表大会会议", "人民代表大會會議", "Annual session"),
    Meeting::StandingCommittee => ("常委会会议", "常委會會議", "Standing committee meeting"),
});

labels!(HalfDay {
    HalfDay::Morning => ("上午", "上午", "Morning"),
    HalfDay::Afternoon => ("下午", "下午", "Afternoon"),
});

labels!(AbsenceKind {
    AbsenceKind::Leave => ("请假", "請假", "Leave"),
    AbsenceKind::Absent => ("缺席", "缺席", "Absent without leave"),
});

labels!(LeaveReason {
    LeaveReason::Illness => ("因病", "因病", "Illness"),
    LeaveReason::OfficialDuty => ("因公", "因公", "Official duty"),
    LeaveReason::Personal => ("因私", "因私", "Personal"),
});

labels!(AbsenceCategory {
    AbsenceCategory::SessionLeave => ("大会请假（每半天）", "大會請假（每半天）", "Leave from the session (per half day)"),
    AbsenceCategory::SessionAbsent => ("大会缺席（每半天）", "大會缺席（每半天）", "Absent from the session (per half day)"),
    AbsenceCategory::CommitteeLeave => ("常委会请假（每半天）", "常委會請假（每半天）", "Leave from a committee meeting (per half day)"),
    AbsenceCategory::CommitteeAbsent => ("常委会缺席（每半天）", "常委會缺席（每半天）", "Absent from a committee meeting (per half day)"),
});

/// A figure in its unit, for people: `3`, `118.5 分`, `27 天` (and `points`, `days` in English).
pub fn figure(unit: crate::rules::Unit, value: i64, lang: Lang) -> String {
    use crate::rules::Unit;
    match unit {
        Unit::Records => value.to_string(),
        Unit::HalfPoints => {
            let points = crate::rules::format_points(value);
            format!("{points}{}", lang.pick(" 分", " 分", " points"))
        }
        Unit::Days => format!("{value}{}", lang.pick(" 天", " 天", " days")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_activity_kind_has_a_distinct_name_in_every_language() {
        for lang in Lang::ALL {
            let mut names: Vec<&str> = ActivityKind::ALL.iter().map(|kind| kind.label(*lang)).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), ActivityKind::ALL.len(), "{lang}");
        }
    }

    #[test]
    fn browser_tags_map_to_the_nearest_language() {
        assert_eq!(Lang::from_browser_tag("zh-TW"), Some(Lang::ZhHant));
        assert_eq!(Lang::from_browser_tag("zh-CN"), Some(Lang::ZhHans));
        assert_eq!(Lang::from_browser_tag("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_browser_tag("fr"), None);
    }
}

/// A rejection's reason as the deputy reads it: a standard reason's code (see
/// [`crate::staff::rejection`]) becomes its label in `lang`; free text stays as written.
pub fn rejection_text(reason: &str, lang: Lang) -> String {
    let (code, note) = match reason.split_once(": ") {
        Some((code, note)) => (code, Some(note)),
        None => (reason, None),
    };
    match (RejectReason::parse_field(code, "reason"), note) {
        (Ok(standard), Some(note)) => format!("{}：{note}", standard.label(lang)),
        (Ok(standard), None) => standard.label(lang).to_owned(),
        (Err(_), _) => reason.to_owned(),
    }
}
