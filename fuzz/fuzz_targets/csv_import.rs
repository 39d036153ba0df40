//! The csv importer: any text gives records or row errors naming file, line and column,
//! never a crash; imported records export and import again to the same records.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lvzhi_domain::activity::Activity;
use lvzhi_domain::deputy::Deputy;
use lvzhi_domain::interchange::{Format, export, import};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(activities) = import::<Activity>(text, Format::Csv, "activities").into_records(true) {
        let again = export(&activities, Format::Csv);
        let back = import::<Activity>(&again, Format::Csv, "again").into_records(false);
        assert_eq!(back.expect("exported records import"), activities);
    }
    let _deputies = import::<Deputy>(text, Format::Csv, "deputies").into_records(true);
});
