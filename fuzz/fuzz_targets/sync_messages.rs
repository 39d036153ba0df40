//! The sync messages the server decodes from any client: a push or a pull request must be
//! refused or accepted, never crash, and what is accepted encodes back to an equal value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lvzhi_domain::sync::{PullRequest, PullResponse, PushRequest};

fuzz_target!(|data: &[u8]| {
    if let Ok(push) = serde_json::from_slice::<PushRequest>(data) {
        let again = serde_json::to_vec(&push).expect("an accepted push encodes");
        assert_eq!(serde_json::from_slice::<PushRequest>(&again).expect("and decodes"), push);
    }
    if let Ok(pull) = serde_json::from_slice::<PullRequest>(data) {
        let again = serde_json::to_vec(&pull).expect("an accepted pull encodes");
        assert_eq!(serde_json::from_slice::<PullRequest>(&again).expect("and decodes"), pull);
    }
    let _any_answer = serde_json::from_slice::<PullResponse>(data);
});
