//! Rule files: any text is either a valid rule set or a validation error naming the field.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lvzhi_domain::rules::RuleSet;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(set) = RuleSet::from_json(text) {
            let again = serde_json::to_string(&set).expect("a rule set encodes");
            assert_eq!(RuleSet::from_json(&again).expect("and reads back"), set);
        }
    }
});
