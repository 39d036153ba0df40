//! The calendar (terms, sessions), the organisation (groups, stations), the deputies and
//! the demo sign-in accounts.

use lvzhi_domain::api::Role;
use lvzhi_domain::calendar::{AnnualSession, Term};
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::deputy::{Attribute, Deputy, Level, TermService};
use lvzhi_domain::ids::{AccountId, DeputyId, GroupId, StationId};
use lvzhi_domain::organisation::{Group, GroupKind, ReceptionSlot, Station, StationKind};
use lvzhi_domain::text::{PersonName, PlaceText, Title};

use crate::names::{DISTRICTS, GIVEN, GRASSROOTS_OCCUPATIONS, OCCUPATIONS, PROFESSIONAL_GROUPS, STREETS, SURNAMES};
use crate::rng::DemoRng;
use crate::{DEMO_PASSWORD, DemoAccount, DemoConfig, DemoData};
use lvzhi_domain::staff::StaffScope;

/// How diligent a generated deputy is: decides whether they meet the requirements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Diligence {
    Diligent,
    Average,
    Lagging,
}

/// What the activity generator needs to know about each deputy.
pub struct Profile {
    pub deputy: usize,
    pub diligence: Diligence,
}

pub(crate) fn date(year: i32, month: u32, day: u32) -> LocalDate {
    LocalDate::from_ymd(year, month, day).unwrap_or_else(|| panic!("demo date {year}-{month}-{day} must exist"))
}

pub(crate) fn title(text: &str) -> Title {
    Title::parse_field(text, "title").unwrap_or_else(|error| panic!("demo title {text:?}: {error}"))
}

pub fn calendar(config: &DemoConfig, rng: &mut DemoRng, data: &mut DemoData) {
    data.terms = vec![
        Term {
            number: 5,
            start: date(2018, 1, 1),
            end: date(2022, 12, 31),
        },
        Term {
            number: 6,
            start: date(2023, 1, 1),
            end: date(2027, 12, 31),
        },
    ];
    for year in 2018..=config.today.year().min(2027) {
        let term = if year <= 2022 { 5 } else { 6 };
        let first = date(year, 1, 18 + rng.below(8));
        let last = first.add_days(4 + rng.between(0, 2)).unwrap_or(first);
        if first > config.today {
            continue;
        }
        let ordinal = (year - if term == 5 { 2017 } else { 2022 }) as u16;
        data.sessions.push(AnnualSession {
            term,
            ordinal,
            first_day: first,
            last_day: last,
        });
    }
}

pub fn organisation(config: &DemoConfig, rng: &mut DemoRng, data: &mut DemoData) {
    for (index, district) in DISTRICTS.iter().enumerate() {
        data.groups.push(Group {
            id: GroupId::from_u128(0x1000 + index as u128),
            kind: GroupKind::Liaison,
            name: title(&format!("{district}代表联系组")),
        });
    }
    for (index, name) in PROFESSIONAL_GROUPS.iter().enumerate() {
        data.groups.push(Group {
            id: GroupId::from_u128(0x2000 + index as u128),
            kind: GroupKind::Professional,
            name: title(name),
        });
    }
    for index in 0..config.stations {
        let district = DISTRICTS[index as usize % DISTRICTS.len()];
        let street = STREETS[(index as usize / DISTRICTS.len()) % STREETS.len()];
        let round = index as usize / (DISTRICTS.len() * STREETS.len());
        let (kind, suffix) = match rng.below(10) {
            0 => (StationKind::Home, "人大代表之家"),
            1..=4 => (StationKind::Station, "代表工作站"),
            _ => (StationKind::Point, "代表联络点"),
        };
        let numbered = if round > 0 {
            format!("第{}", round + 1)
        } else {
            String::new()
        };
        let weekday = 1 + rng.below(5) as u8;
        let mut reception = vec![ReceptionSlot {
            weekday,
            week_of_month: if rng.chance(50) {
                Some(1 + rng.below(4) as u8)
            } else {
                None
            },
            start_minute: 9 * 60,
            end_minute: 11 * 60 + 30,
        }];
        if rng.chance(30) {
            reception.push(ReceptionSlot {
                weekday: 1 + (weekday % 5),
                week_of_month: None,
                start_minute: 14 * 60 + 30,
                end_minute: 17 * 60,
            });
        }
        data.stations.push(Station {
            id: StationId::from_u128(0x3_0000 + u128::from(index)),
            kind,
            name: title(&format!("{district}{street}街道{numbered}{suffix}")),
            district: title(district),
            address: PlaceText::parse_field(
                &format!("重庆市{district}{street}街道{}号", 1 + rng.below(300)),
                "address",
            )
            .unwrap_or_default(),
            reception,
        });
    }
}

fn person_name(rng: &mut DemoRng) -> PersonName {
    let mut name = String::from(*rng.pick(&SURNAMES));
    name.push_str(*rng.pick(&GIVEN));
    if rng.chance(70) {
        name.push_str(*rng.pick(&GIVEN));
    }
    PersonName::parse_field(&name, "name").unwrap_or_else(|error| panic!("demo name: {error}"))
}

fn diligence(rng: &mut DemoRng) -> Diligence {
    match rng.below(100) {
        0..=64 => Diligence::Diligent,
        65..=89 => Diligence::Average,
        _ => Diligence::Lagging,
    }
}

/// A service for a whole term, or part of it (by-election, early leave).
fn service(rng: &mut DemoRng, term: &Term, today: LocalDate) -> TermService {
    let length = term.start.days_until(term.end);
    let mut service = TermService {
        term: term.number,
        from: term.start,
        until: term.end,
        by_election: false,
        left_early: false,
    };
    let roll = rng.below(100);
    if roll < 3 {
        service.by_election = true;
        service.from = term
            .start
            .add_days(200 + rng.between(0, length - 400))
            .unwrap_or(term.start);
    } else if roll < 6 {
        let until = term
            .start
            .add_days(300 + rng.between(0, length - 400))
            .unwrap_or(term.end);
        if until < today {
            service.left_early = true;
            service.until = until;
        }
    }
    service
}

/// Generates every deputy and returns their profiles (index into `data.deputies`).
pub fn deputies(config: &DemoConfig, rng: &mut DemoRng, data: &mut DemoData) -> Vec<Profile> {
    let mut profiles = Vec::new();
    let [term5, term6] = [data.terms[0].clone(), data.terms[1].clone()];
    let liaison: Vec<GroupId> = data
        .groups
        .iter()
        .filter(|g| g.kind == GroupKind::Liaison)
        .map(|g| g.id)
        .collect();
    let professional: Vec<GroupId> = data
        .groups
        .iter()
        .filter(|g| g.kind == GroupKind::Professional)
        .map(|g| g.id)
        .collect();
    let station_count = data.stations.len().max(1) as u32;
    let mut next_id = 0x10_0000u128;
    let mut push = |data: &mut DemoData, rng: &mut DemoRng, level: Level, services: Vec<TermService>| {
        let district_index = rng.below(DISTRICTS.len() as u32) as usize;
        let station = data.stations.get(rng.below(station_count) as usize).map(|s| s.id);
        let is_municipal = level == Level::Municipal;
        let name = person_name(rng);
        let occupation = *rng.pick(&OCCUPATIONS);
        let deputy = Deputy {
            id: DeputyId::from_u128(next_id),
            name,
            level,
            electoral_unit: title(&format!("{}人民代表大会", DISTRICTS[district_index])),
            occupation: Some(title(occupation)),
            attributes: if GRASSROOTS_OCCUPATIONS.contains(&occupation) {
                vec![Attribute::Grassroots]
            } else {
                vec![]
            },
            services,
            // National deputies elected in the city join its liaison groups too.
            liaison_group: (is_municipal || level == Level::National).then(|| liaison[district_index % liaison.len()]),
            professional_groups: if is_municipal && rng.chance(60) {
                vec![*rng.pick(&professional)]
            } else {
                vec![]
            },
            stations: station.into_iter().collect(),
        };
        next_id += 1;
        data.deputies.push(deputy);
        profiles.push(Profile {
            deputy: data.deputies.len() - 1,
            diligence: diligence(rng),
        });
    };
    // Municipal deputies: ~40% of the 6th term's seats went to deputies of the 5th term.
    let wanted_returning = config.municipal_per_term * 2 / 5;
    let mut returning = 0;
    for index in 0..config.municipal_per_term {
        let mut services = vec![service(rng, &term5, config.today)];
        if index < wanted_returning && !services[0].left_early {
            services.push(service(rng, &term6, config.today));
            returning += 1;
        }
        push(data, rng, Level::Municipal, services);
    }
    for _ in returning..config.municipal_per_term {
        let services = vec![service(rng, &term6, config.today)];
        push(data, rng, Level::Municipal, services);
    }
    for (level, count) in [
        (Level::National, config.national),
        (Level::District, config.district),
        (Level::Township, config.township),
    ] {
        for _ in 0..count {
            let services = vec![service(rng, &term6, config.today)];
            push(data, rng, level, services);
        }
    }
    profiles
}

/// Demo sign-in accounts: two deputies (one who meets every requirement so far, one who
/// lags) and one staff member. Every deputy's records are "entered by" an account id
/// equal to the deputy's id.
pub fn accounts(profiles: &[Profile], data: &mut DemoData) {
    // A municipal deputy of both terms, serving throughout, as diligent as wanted (or the
    // next best, in small demos that may have no one lagging).
    let current_municipal = |preferences: &[Diligence]| {
        preferences.iter().find_map(|wanted| {
            profiles.iter().find(|p| {
                let deputy = &data.deputies[p.deputy];
                p.diligence == *wanted
                    && deputy.level == Level::Municipal
                    && deputy.services.len() == 2
                    && deputy.services.iter().all(|s| !s.by_election && !s.left_early)
            })
        })
    };
    let mut accounts = Vec::new();
    for (login, wanted) in [
        ("deputy", &[Diligence::Diligent][..]),
        ("deputy2", &[Diligence::Lagging, Diligence::Average][..]),
    ] {
        if let Some(profile) = current_municipal(wanted) {
            let deputy = &data.deputies[profile.deputy];
            accounts.push(DemoAccount {
                id: AccountId::from_uuid(deputy.id.as_uuid()),
                login: login.into(),
                password: DEMO_PASSWORD.into(),
                display_name: deputy.name.to_string(),
                role: Role::Deputy,
                deputy: Some(deputy.id),
                scope: StaffScope::everyone(),
                unit: None,
                sees_contacts: false,
            });
        }
    }
    // A district deputy of the current term, judged by the example point system.
    let district = [Diligence::Average, Diligence::Diligent].iter().find_map(|wanted| {
        profiles.iter().find(|p| {
            let deputy = &data.deputies[p.deputy];
            p.diligence == *wanted
                && deputy.level == Level::District
                && deputy.services.iter().all(|s| !s.by_election && !s.left_early)
        })
    });
    if let Some(profile) = district {
        let deputy = &data.deputies[profile.deputy];
        accounts.push(DemoAccount {
            id: AccountId::from_uuid(deputy.id.as_uuid()),
            login: "district".into(),
            password: DEMO_PASSWORD.into(),
            display_name: deputy.name.to_string(),
            role: Role::Deputy,
            deputy: Some(deputy.id),
            scope: StaffScope::everyone(),
            unit: None,
            sees_contacts: false,
        });
    }
    accounts.push(DemoAccount {
        id: crate::duties::STAFF_ACCOUNT,
        login: "staff".into(),
        password: DEMO_PASSWORD.into(),
        display_name: "市人大常委会代表工作室".into(),
        role: Role::Staff,
        deputy: None,
        scope: StaffScope::everyone(),
        unit: None,
        sees_contacts: true,
    });
    accounts.push(DemoAccount {
        id: crate::duties::SECOND_REVIEWER_ACCOUNT,
        login: "staff2".into(),
        password: DEMO_PASSWORD.into(),
        display_name: "市人大常委会代表工作室（复核）".into(),
        role: Role::Staff,
        deputy: None,
        scope: StaffScope::everyone(),
        unit: None,
        sees_contacts: false,
    });
    // A liaison office that sees only the deputies elected in the `deputy` account's district.
    let unit = accounts
        .iter()
        .find(|a| a.login == "deputy")
        .and_then(|a| a.deputy)
        .and_then(|id| data.deputies.iter().find(|d| d.id == id))
        .map(|d| d.electoral_unit.clone());
    if let Some(unit) = unit {
        let district = unit.as_str().trim_end_matches("人民代表大会").to_owned();
        accounts.push(DemoAccount {
            id: crate::duties::LIAISON_ACCOUNT,
            login: "liaison".into(),
            password: DEMO_PASSWORD.into(),
            display_name: format!("{district}人大代表联络处"),
            role: Role::Staff,
            deputy: None,
            scope: StaffScope {
                electoral_units: vec![unit],
                groups: Vec::new(),
            },
            unit: None,
            sees_contacts: false,
        });
    }
    // Handling units' accounts: the lead and a co-handling unit of the demo's suggestions.
    for (index, login) in [(crate::units::TRANSPORT, "unit"), (crate::units::HOUSING, "unit2")] {
        let unit = &crate::units::units()[index];
        accounts.push(DemoAccount {
            id: AccountId::from_uuid(unit.id.as_uuid()),
            login: login.into(),
            password: DEMO_PASSWORD.into(),
            display_name: unit.name.to_string(),
            role: Role::Unit,
            deputy: None,
            scope: StaffScope::everyone(),
            unit: Some(unit.id),
            sees_contacts: false,
        });
    }
    data.accounts = accounts;
}
