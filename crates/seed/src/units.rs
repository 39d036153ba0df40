//! The demo's handling units (承办单位): municipal departments and district governments,
//! with fixed ids, and the category each demo topic is classified under.

use lvzhi_domain::handling::{HandlingUnit, SuggestionCategory, UnitKind};
use lvzhi_domain::ids::UnitId;

use crate::roster::title;

/// 市住房城乡建委, the co-handling unit of the demo (`unit2`).
pub const HOUSING: usize = 3;
/// 市交通运输委, the lead unit of the demo (`unit`).
pub const TRANSPORT: usize = 4;

const NAMES: [(&str, UnitKind); 12] = [
    ("市发展改革委", UnitKind::Department),
    ("市教委", UnitKind::Department),
    ("市卫生健康委", UnitKind::Department),
    ("市住房城乡建委", UnitKind::Department),
    ("市交通运输委", UnitKind::Department),
    ("市生态环境局", UnitKind::Department),
    ("市农业农村委", UnitKind::Department),
    ("市民政局", UnitKind::Department),
    ("市市场监管局", UnitKind::Department),
    ("渝中区人民政府", UnitKind::DistrictGovernment),
    ("江北区人民政府", UnitKind::DistrictGovernment),
    ("重庆市高级人民法院", UnitKind::Other),
];

/// Every demo unit, in a fixed order with fixed ids.
pub fn units() -> Vec<HandlingUnit> {
    NAMES
        .iter()
        .enumerate()
        .map(|(index, (name, kind))| HandlingUnit {
            id: UnitId::from_u128(0x7_0000 + index as u128),
            name: title(name),
            kind: *kind,
        })
        .collect()
}

/// The lead unit and category of a demo topic (`names::TOPICS`).
pub fn for_topic(topic: &str) -> (usize, SuggestionCategory) {
    match topic {
        "老旧小区加装电梯" | "背街小巷整治" => (HOUSING, SuggestionCategory::Urban),
        "社区停车难" | "山地城市交通拥堵治理" | "农村公路养护" => {
            (TRANSPORT, SuggestionCategory::Transport)
        }
        "农村饮水安全" | "乡村振兴产业发展" => (6, SuggestionCategory::Rural),
        "中小学课后服务" | "职业教育发展" => (1, SuggestionCategory::Education),
        "城乡医保衔接" => (2, SuggestionCategory::Health),
        "长江岸线生态修复" => (5, SuggestionCategory::Environment),
        "养老服务设施建设" => (7, SuggestionCategory::Welfare),
        "营商环境优化" => (0, SuggestionCategory::Economy),
        "食品安全监管" => (8, SuggestionCategory::Governance),
        _ => (0, SuggestionCategory::Other),
    }
}
