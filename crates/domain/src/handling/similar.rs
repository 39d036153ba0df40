//! Finding earlier suggestions on the same matter (年年办又年年提), with no outside service:
//! character bigrams of the title and text, with the words every suggestion uses taken out
//! ("关于", "建议", "加强"…), compared by their overlap. [`THRESHOLD`] is set by the table test
//! in `tests/similar.rs` on labelled pairs.

use std::collections::BTreeSet;

use crate::ids::SuggestionId;
use crate::suggestion::Suggestion;

/// Words so common in suggestions that sharing them says nothing about the matter.
const BOILERPLATE: [&str; 40] = [
    "关于",
    "建议",
    "议案",
    "意见",
    "批评",
    "有关部门",
    "有关",
    "部门",
    "相关",
    "加强",
    "加快",
    "推进",
    "推动",
    "进一步",
    "切实",
    "工作",
    "问题",
    "解决",
    "我市",
    "全市",
    "市民",
    "群众",
    "提高",
    "提升",
    "完善",
    "建立",
    "健全",
    "落实",
    "做好",
    "明确",
    "责任",
    "分工",
    "完成",
    "时限",
    "支持",
    "力度",
    "积极",
    "尽快",
    "实施",
    "方面",
];

/// The score from which a pair is shown as "raised before": midway between the lowest
/// same-matter pair (0.305) and the highest other-matter pair (0.216) of the labelled table.
pub const THRESHOLD: f64 = 0.26;

/// The bigrams of the letters and digits of `text`, with boilerplate words removed first.
pub fn bigrams(text: &str) -> BTreeSet<(char, char)> {
    let mut text = text.to_lowercase();
    for word in BOILERPLATE {
        text = text.replace(word, " ");
    }
    let mut set = BTreeSet::new();
    // Bigrams do not cross punctuation, spaces or the particles that join any two words.
    let mut previous: Option<char> = None;
    for c in text.chars() {
        if c.is_alphanumeric() && !matches!(c, '的' | '和' | '与' | '及' | '在' | '对' | '了' | '是') {
            if let Some(p) = previous {
                set.insert((p, c));
            }
            previous = Some(c);
        } else {
            previous = None;
        }
    }
    set
}

/// How alike two texts are, from 0 to 1: the shared bigrams over the smaller set's size
/// (so a short title inside a long text still matches), dampened when that set is tiny.
pub fn similarity(a: &BTreeSet<(char, char)>, b: &BTreeSet<(char, char)>) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    let shared = a.intersection(b).count() as f64;
    let overlap = shared / smaller as f64;
    let dice = 2.0 * shared / (a.len() + b.len()) as f64;
    // The mean of the two: overlap finds a matter inside a longer text; Dice keeps one
    // common phrase from making two different matters look alike.
    (overlap + dice) / 2.0
}

/// The bigrams of a suggestion's matter: its title and its text together.
pub fn matter_of(title: &str, body: &str) -> BTreeSet<(char, char)> {
    let mut set = bigrams(title);
    set.extend(bigrams(body));
    set
}

/// An earlier suggestion that looks like the same matter, with its score.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Earlier {
    /// The earlier suggestion.
    pub id: SuggestionId,
    /// How alike, from 0 to 1.
    pub score: f64,
}

/// The suggestions among `all` that look like `target`'s matter, submitted before it (or
/// linked to it), best first, at most `limit`.
pub fn earlier_on_same_matter(target: &Suggestion, all: &[Suggestion], limit: usize) -> Vec<Earlier> {
    let wanted = matter_of(target.title.as_str(), target.body.as_str());
    let mut found: Vec<Earlier> = all
        .iter()
        .filter(|other| other.id != target.id)
        .filter(|other| match (other.submitted_on, target.submitted_on) {
            (Some(theirs), Some(ours)) => theirs <= ours,
            (Some(_), None) => true,
            _ => false,
        })
        .filter_map(|other| {
            let score = similarity(&wanted, &matter_of(other.title.as_str(), other.body.as_str()));
            (score >= THRESHOLD || target.earlier.contains(&other.id)).then_some(Earlier { id: other.id, score })
        })
        .collect();
    found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
    found.truncate(limit);
    found
}
