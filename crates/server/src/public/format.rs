//! Small pieces the transparency pages share: a domain code in words, a template filled,
//! a period's name, a weekday, a figure in its unit, the name of a statistics figure.

use std::str::FromStr;

use lvzhi_domain::labels::{Label, Lang};
use lvzhi_domain::rules::Unit;

/// The words for a domain value given by its code (`constituent_visit` → 走访、接待群众);
/// the code itself when it is not one (never the case for codes the builder wrote).
pub fn label<T: FromStr + Label>(code: &str, lang: Lang) -> String {
    code.parse::<T>()
        .map_or_else(|_| code.to_owned(), |value| value.label(lang).to_owned())
}

/// `template` with each `{name}` replaced by its value.
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut text = template.to_owned();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// A period's name: `y2026` → 2026 年, `t6` → 第六届 (term).
pub fn period_name(code: &str, lang: Lang) -> String {
    match lvzhi_domain::public::parse_period(code) {
        Some(lvzhi_domain::compliance::Period::Year(year)) => match lang {
            Lang::En => year.to_string(),
            _ => format!("{year} 年"),
        },
        Some(lvzhi_domain::compliance::Period::Term(term)) => match lang {
            Lang::En => format!("Term {term} (whole term)"),
            Lang::ZhHans => format!("第 {term} 届（整届）"),
            Lang::ZhHant => format!("第 {term} 屆（整屆）"),
        },
        None => code.to_owned(),
    }
}

/// A term's name: 第 6 届, Term 6.
pub fn term_name(term: u16, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Term {term}"),
        Lang::ZhHans => format!("第 {term} 届"),
        Lang::ZhHant => format!("第 {term} 屆"),
    }
}

/// ISO weekday 1–7 in words.
pub fn weekday(day: u8, lang: Lang) -> &'static str {
    const HANS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    const HANT: [&str; 7] = ["週一", "週二", "週三", "週四", "週五", "週六", "週日"];
    const EN: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let at = usize::from(day.clamp(1, 7) - 1);
    lang.pick(HANS[at], HANT[at], EN[at])
}

/// "week 2 of the month" or "every week".
pub fn week_of_month(week: Option<u8>, lang: Lang) -> String {
    match week {
        None => super::words::W::EveryWeek.text(lang).to_owned(),
        Some(n) => match lang {
            Lang::En => format!("week {n} of each month"),
            Lang::ZhHans => format!("每月第 {n} 周"),
            Lang::ZhHant => format!("每月第 {n} 週"),
        },
    }
}

/// A requirement's figure in its unit (`3`, `17 分`, `27 天`).
pub fn figure(unit: &str, value: i64, lang: Lang) -> String {
    match unit.parse::<Unit>() {
        Ok(unit) => lvzhi_domain::labels::figure(unit, value, lang),
        Err(_) => value.to_string(),
    }
}

/// The name of a statistics figure: an activity kind, or one of the handling counts.
pub fn figure_name(key: &str, lang: Lang) -> String {
    let (hans, hant, en) = match key {
        "opinion_items" => ("收集社情民意条目", "收集社情民意條目", "Public-opinion items gathered"),
        "suggestions_submitted" => (
            "提出的议案和建议",
            "提出的議案和建議",
            "Bills and suggestions submitted",
        ),
        "suggestions_completed" => ("已办结的建议", "已辦結的建議", "Suggestions completed"),
        "key_supervised" => ("重点督办建议", "重點督辦建議", "Suggestions under key supervision"),
        "key_supervised_completed" => (
            "重点督办建议已办结",
            "重點督辦建議已辦結",
            "Key-supervised suggestions completed",
        ),
        "suggestions_published" => ("审核公开的建议", "審核公開的建議", "Suggestions published"),
        _ => return label::<lvzhi_domain::activity::ActivityKind>(key, lang),
    };
    lang.pick(hans, hant, en).to_owned()
}

/// `part / whole` as a percentage with one decimal, or an empty string for no whole.
pub fn percent(part: u32, whole: u32) -> String {
    if whole == 0 {
        return String::new();
    }
    format!("{:.1}%", f64::from(part) * 100.0 / f64::from(whole))
}
