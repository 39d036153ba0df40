//! # lvzhi-seed: deterministic demo data
//!
//! Generates a municipal People's Congress as the brief describes it: the 5th term
//! (2018–2022) and the current 6th term (2023–2027), ~870 municipal deputies per term
//! (with re-elections, by-elections and early leavers), national, district and township
//! deputies, 39 liaison groups, 8 professional groups, a few hundred stations with
//! reception schedules, training classes, annual sessions, duty activities of every kind
//! and suggestions at every handling stage.
//!
//! The output depends only on [`DemoConfig`] (a fixed seed and the date treated as
//! "today"), never on the clock or system randomness: the same config gives the same data
//! on every machine. Deputies differ in diligence so that some meet every requirement and
//! some do not. [`DemoConfig::benchmark`] generates ~60,000 deputies and ~1,000,000
//! activities for benchmarks.

pub mod attendance;
mod duties;
pub mod names;
pub mod rng;
mod roster;
pub mod units;

use lvzhi_domain::activity::Activity;
use lvzhi_domain::api::Role;
use lvzhi_domain::attendance::Absence;
use lvzhi_domain::calendar::{AnnualSession, Term};
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::deputy::Deputy;
use lvzhi_domain::ids::{AccountId, DeputyId};
use lvzhi_domain::organisation::{Group, Station, Training};
use lvzhi_domain::suggestion::Suggestion;

/// How much to generate, from which seed, as of which day.
#[derive(Debug, Clone)]
pub struct DemoConfig {
    pub seed: u64,
    /// The day treated as today: nothing is dated later, and recent records are still pending.
    pub today: LocalDate,
    pub municipal_per_term: u32,
    pub national: u32,
    pub district: u32,
    pub township: u32,
    pub stations: u32,
    /// Between-session activities a year for district and township deputies (upper bound).
    pub grassroots_activities_per_year: u32,
}

impl DemoConfig {
    /// The demo shown by the run command.
    pub fn standard(today: LocalDate) -> Self {
        Self {
            seed: 0x1A2B_2019_0601,
            today,
            municipal_per_term: 870,
            national: 60,
            district: 1200,
            township: 1800,
            stations: 320,
            grassroots_activities_per_year: 4,
        }
    }

    /// A small congress for fast tests: same shapes, fewer people.
    pub fn small(today: LocalDate) -> Self {
        Self {
            municipal_per_term: 60,
            national: 5,
            district: 40,
            township: 60,
            stations: 24,
            ..Self::standard(today)
        }
    }

    /// ~60,000 deputies and ~1,000,000 activities, for benchmarks.
    pub fn benchmark(today: LocalDate) -> Self {
        Self {
            municipal_per_term: 870,
            national: 60,
            district: 20_000,
            township: 38_300,
            stations: 10_103,
            grassroots_activities_per_year: 8,
            ..Self::standard(today)
        }
    }
}

/// A sign-in account for the demo, with its password in clear (the server hashes it).
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub id: AccountId,
    pub login: String,
    pub password: String,
    pub display_name: String,
    pub role: Role,
    pub deputy: Option<DeputyId>,
    /// For staff, the deputies the account works for.
    pub scope: lvzhi_domain::staff::StaffScope,
    /// For a handling unit's account, the unit.
    pub unit: Option<lvzhi_domain::ids::UnitId>,
    /// Whether a staff account may see constituents' contacts.
    pub sees_contacts: bool,
}

/// Everything the generator makes.
#[derive(Debug, Clone, Default)]
pub struct DemoData {
    pub terms: Vec<Term>,
    pub sessions: Vec<AnnualSession>,
    pub groups: Vec<Group>,
    pub stations: Vec<Station>,
    pub deputies: Vec<Deputy>,
    pub trainings: Vec<Training>,
    /// The registration each training attendee was given: (class, deputy, record).
    pub training_registrations: Vec<(
        lvzhi_domain::ids::TrainingId,
        lvzhi_domain::ids::DeputyId,
        lvzhi_domain::ids::ActivityId,
    )>,
    pub activities: Vec<Activity>,
    pub suggestions: Vec<Suggestion>,
    /// The handling units (承办单位).
    pub units: Vec<lvzhi_domain::handling::HandlingUnit>,
    pub accounts: Vec<DemoAccount>,
    /// Leave and absences at sessions and standing committee meetings.
    pub absences: Vec<Absence>,
}

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "lvzhi-demo";

/// Generates the demo congress described by `config`.
pub fn generate(config: &DemoConfig) -> DemoData {
    let mut rng = rng::DemoRng::new(config.seed);
    let mut data = DemoData::default();
    roster::calendar(config, &mut rng, &mut data);
    roster::organisation(config, &mut rng, &mut data);
    let profiles = roster::deputies(config, &mut rng, &mut data);
    duties::trainings(config, &mut rng, &mut data);
    data.units = units::units();
    duties::activities_and_suggestions(config, &mut rng, &mut data, &profiles);
    roster::accounts(&profiles, &mut data);
    duties::stage_demo_suggestions(&mut data);
    attendance::absences(config.seed, config.today, &mut data);
    let demo = |login: &str| data.accounts.iter().find(|a| a.login == login).and_then(|a| a.deputy);
    let (deputy, deputy2, district) = (demo("deputy"), demo("deputy2"), demo("district"));
    if let Some(deputy) = deputy {
        attendance::make_grassroots(deputy, &mut data);
    }
    if let (Some(deputy), Some(deputy2)) = (deputy, deputy2) {
        attendance::same_liaison_group(deputy, deputy2, &mut data);
        attendance::joint_records(deputy, deputy2, config.today, &mut data);
    }
    if let Some(district) = district {
        attendance::district_demo_leave(district, config.today, &mut data);
        attendance::district_demo_records(district, config.today, &mut data);
    }
    data
}

#[cfg(test)]
mod tests {
    use super::*;
    use lvzhi_domain::activity::ActivityKind;
    use lvzhi_domain::deputy::Level;

    fn today() -> LocalDate {
        LocalDate::from_ymd(2026, 11, 24).unwrap()
    }

    #[test]
    fn the_same_config_generates_the_same_data() {
        let a = generate(&DemoConfig::small(today()));
        let b = generate(&DemoConfig::small(today()));
        assert_eq!(a.activities, b.activities);
        assert_eq!(a.deputies, b.deputies);
        assert_eq!(a.suggestions, b.suggestions);
    }

    #[test]
    fn the_standard_demo_has_the_shape_the_brief_describes() {
        let data = generate(&DemoConfig::standard(today()));
        let municipal_now = data
            .deputies
            .iter()
            .filter(|d| d.level == Level::Municipal && d.service_in(6).is_some())
            .count();
        assert!((860..=900).contains(&municipal_now), "{municipal_now}");
        assert_eq!(data.groups.len(), 39 + 8);
        assert!(data.stations.len() >= 300);
        assert_eq!(data.terms.len(), 2);
        assert!(data.deputies.iter().any(|d| d.services.iter().any(|s| s.by_election)));
        assert!(data.deputies.iter().any(|d| d.services.iter().any(|s| s.left_early)));
        for kind in ActivityKind::ALL {
            assert!(
                data.activities.iter().any(|a| a.kind == *kind),
                "no activity of kind {kind}"
            );
        }
        assert!(data.activities.iter().all(|a| a.date <= today()));
        assert!(data.activities.len() > 80_000, "{}", data.activities.len());
        let stages: std::collections::BTreeSet<_> = data.suggestions.iter().map(|s| s.stage).collect();
        assert!(stages.len() >= 6, "{stages:?}");
        assert!(data.accounts.iter().any(|a| a.role == Role::Deputy));
        assert!(data.accounts.iter().any(|a| a.role == Role::Staff));
    }

    #[test]
    fn every_generated_record_survives_a_json_round_trip() {
        let data = generate(&DemoConfig::small(today()));
        for activity in &data.activities {
            let json = serde_json::to_string(activity).unwrap();
            assert_eq!(&serde_json::from_str::<Activity>(&json).unwrap(), activity);
        }
    }
}

/// The rule book the compliance benchmarks judge with: every level's rules together —
/// "341 311" (also applied to national deputies, so every deputy is judged), the observers
/// rule turned on, the district point system with its duty days, and the township file.
pub fn benchmark_rule_book() -> lvzhi_domain::rules::RuleBook {
    let mut sets = lvzhi_domain::rules::bundled_rule_sets();
    let mut national = lvzhi_domain::rules::default_rule_set();
    national.id = "national-341311".into();
    national.levels = vec![lvzhi_domain::deputy::Level::National];
    sets.push(national);
    lvzhi_domain::rules::RuleBook::new(sets)
        .expect("the bundled rule sets form a rule book")
        .with_enabled([&"chongqing-observers".to_string()])
}
