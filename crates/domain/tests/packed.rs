//! The packed bulk-storage form of activities: exact round trips of every shape of record,
//! and damage refused with the place, never a panic or a wrong record.

use lvzhi_domain::date::LocalDate;
use lvzhi_domain::packed::{decode_activities, encode_activities};

#[test]
fn the_demo_activities_round_trip_exactly() {
    let today = LocalDate::from_ymd(2026, 11, 24).unwrap();
    let data = lvzhi_seed::generate(&lvzhi_seed::DemoConfig::small(today));
    let activities = &data.activities;
    assert!(activities.len() > 1_000);
    assert!(activities.iter().any(|a| a.station.is_some()));
    assert!(activities.iter().any(|a| a.deputies.len() > 1));
    assert!(
        activities
            .iter()
            .any(|a| matches!(a.review, lvzhi_domain::activity::Review::Rejected { .. }))
    );
    let bytes = encode_activities(activities);
    assert_eq!(&decode_activities(&bytes).unwrap(), activities);
    let json = serde_json::to_vec(activities).unwrap();
    println!(
        "{} activities: packed {} bytes, JSON {} bytes",
        activities.len(),
        bytes.len(),
        json.len()
    );
    assert!(bytes.len() < json.len() / 2);
}

#[test]
fn every_truncation_and_a_flipped_tag_are_refused_with_an_offset() {
    let today = LocalDate::from_ymd(2026, 11, 24).unwrap();
    let data = lvzhi_seed::generate(&lvzhi_seed::DemoConfig::small(today));
    let bytes = encode_activities(&data.activities[..20]);
    for cut in 0..bytes.len() {
        let error = decode_activities(&bytes[..cut]).expect_err("a truncated chunk is refused");
        assert!(error.offset <= cut, "{error}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(
        decode_activities(&longer)
            .unwrap_err()
            .to_string()
            .contains("bytes left")
    );
    let mut wrong_kind = bytes.clone();
    wrong_kind[8 + 16] = 200;
    let error = decode_activities(&wrong_kind).unwrap_err();
    assert_eq!(error.offset, 8 + 17);
    assert!(error.to_string().contains("unknown kind number 200"), "{error}");
    assert!(decode_activities(b"JSON[]").is_err());
}
