//! Personal data in text meant for the public: mainland mobile and landline numbers,
//! resident ID numbers and e-mail addresses. [`redact`] masks them for the staff's draft of a
//! public version; [`holds_personal_data`] is what the server refuses to publish.

/// Runs of digits (with `-` or spaces inside) long enough to be a phone or ID number.
fn digit_runs(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].1.is_ascii_digit() {
            let start = i;
            let mut digits = 0;
            let mut end = i;
            while end < chars.len() {
                let c = chars[end].1;
                let next_is_digit = chars.get(end + 1).is_some_and(|n| n.1.is_ascii_digit());
                if c.is_ascii_digit() {
                    digits += 1;
                } else if matches!(c, '-' | ' ') && next_is_digit {
                    // A separator inside a number: 023-6388 1234.
                } else if matches!(c, 'X' | 'x') && digits == 17 {
                    // The check character of an 18-character ID number.
                } else {
                    break;
                }
                end += 1;
            }
            // 7+ digits: a landline (6xxxxxxx), a mobile (1xxxxxxxxxx) or an ID number.
            if digits >= 7 {
                let from = chars[start].0;
                let to = chars.get(end).map_or(text.len(), |c| c.0);
                runs.push((from, to));
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    runs
}

fn email_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for (at, _) in text.match_indices('@') {
        let is_part = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+');
        let start = text[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_part(*c))
            .last()
            .map_or(at, |(i, _)| i);
        let end = text[at + 1..]
            .char_indices()
            .take_while(|(_, c)| is_part(*c))
            .last()
            .map_or(at + 1, |(i, c)| at + 1 + i + c.len_utf8());
        if start < at && text[at + 1..end].contains('.') {
            spans.push((start, end));
        }
    }
    spans
}

/// Whether `text` holds a phone number, an ID number or an e-mail address.
pub fn holds_personal_data(text: &str) -> bool {
    !digit_runs(text).is_empty() || !email_spans(text).is_empty()
}

/// `text` with every phone number, ID number and e-mail address replaced by `***`.
pub fn redact(text: &str) -> String {
    let mut spans = digit_runs(text);
    spans.extend(email_spans(text));
    spans.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (from, to) in spans {
        if from < at {
            continue;
        }
        out.push_str(&text[at..from]);
        out.push_str("***");
        at = to;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_phones_ids_and_mail_but_not_years_or_counts() {
        assert_eq!(redact("联系人张先生13812345678"), "联系人张先生***");
        assert_eq!(redact("电话023-6388 1234。"), "电话***。");
        assert_eq!(redact("身份证50010319800101123X"), "身份证***");
        assert_eq!(redact("邮箱 li.ming@example.cn 转达"), "邮箱 *** 转达");
        let plain = "2026年完成120户改造，投入3000万元";
        assert_eq!(redact(plain), plain);
        assert!(!holds_personal_data(plain));
        assert!(holds_personal_data("请致电 138 1234 5678"));
    }
}
