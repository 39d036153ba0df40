//! The open-data downloads as CSV (UTF-8, header row, one row per item; codes as in the
//! JSON; lists joined by `;`; cells hidden by small-cell suppression written `<5` or `x`).
//! The columns are documented in `docs/open-data.md`.

use crate::public::model::*;

fn write(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Result<String, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(header)?;
    for row in rows {
        out.write_record(&row)?;
    }
    let bytes = out.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn date(d: crate::date::LocalDate) -> String {
    d.to_string()
}

/// Every deputy: who, where, which terms, groups and stations.
pub fn deputies(data: &PublicData) -> Result<String, csv::Error> {
    write(
        &[
            "id",
            "name",
            "level",
            "electoral_unit",
            "occupation",
            "terms",
            "groups",
            "stations",
            "pending_records",
        ],
        data.deputies.iter().map(|d| {
            vec![
                d.id.clone(),
                d.name.clone(),
                d.level.clone(),
                d.electoral_unit.clone(),
                d.occupation.clone().unwrap_or_default(),
                d.terms.iter().map(|t| t.term.to_string()).collect::<Vec<_>>().join(";"),
                d.groups.iter().map(|g| g.name.clone()).collect::<Vec<_>>().join(";"),
                d.stations.join(";"),
                d.pending_records.to_string(),
            ]
        }),
    )
}

/// Every deputy's standing on every requirement in every period begun.
pub fn standings(data: &PublicData) -> Result<String, csv::Error> {
    write(
        &[
            "as_of",
            "deputy",
            "name",
            "period",
            "rule_set",
            "requirement",
            "unit",
            "minimum",
            "score",
            "status",
            "band",
            "notes",
        ],
        data.deputies.iter().flat_map(|d| {
            d.standings.iter().map(move |s| {
                vec![
                    date(data.as_of),
                    d.id.clone(),
                    d.name.clone(),
                    s.period.clone(),
                    s.rule_set.clone(),
                    s.requirement.clone(),
                    s.unit.clone(),
                    s.minimum.to_string(),
                    s.score.to_string(),
                    s.status.clone(),
                    s.band.clone().unwrap_or_default(),
                    s.notes.iter().map(|n| n.text.clone()).collect::<Vec<_>>().join(" / "),
                ]
            })
        }),
    )
}

/// Every approved activity once (a joint one lists all its deputies).
pub fn activities(data: &PublicData) -> Result<String, csv::Error> {
    let mut seen = std::collections::HashSet::new();
    write(
        &["id", "kind", "date", "station", "deputies"],
        data.deputies
            .iter()
            .flat_map(|d| &d.activities)
            .filter(|a| seen.insert(a.id.clone()))
            .map(|a| {
                vec![
                    a.id.clone(),
                    a.kind.clone(),
                    date(a.date),
                    a.station.clone().unwrap_or_default(),
                    a.deputies.join(";"),
                ]
            })
            .collect::<Vec<_>>()
            .into_iter(),
    )
}

/// Every station and its reception times.
pub fn stations(data: &PublicData) -> Result<String, csv::Error> {
    write(
        &[
            "id",
            "kind",
            "name",
            "district",
            "address",
            "reception",
            "next_reception",
            "deputies",
        ],
        data.stations.iter().map(|s| {
            vec![
                s.id.clone(),
                s.kind.clone(),
                s.name.clone(),
                s.district.clone(),
                s.address.clone(),
                s.reception
                    .iter()
                    .map(|r| match r.week_of_month {
                        Some(week) => format!("w{week}d{} {}-{}", r.weekday, r.start, r.end),
                        None => format!("d{} {}-{}", r.weekday, r.start, r.end),
                    })
                    .collect::<Vec<_>>()
                    .join(";"),
                s.next_reception
                    .as_ref()
                    .map(|n| format!("{} {}-{}", n.date, n.start, n.end))
                    .unwrap_or_default(),
                s.deputies.join(";"),
            ]
        }),
    )
}

/// Every published suggestion with its handling and receipts.
pub fn suggestions(list: &[&PublicSuggestion]) -> Result<String, csv::Error> {
    write(
        &[
            "id",
            "kind",
            "year",
            "submitted_on",
            "title",
            "category",
            "lead_unit",
            "co_units",
            "stage",
            "key_supervision",
            "rounds",
            "reply_receipt",
            "promises",
            "promises_done",
            "deputies",
            "published_on",
        ],
        list.iter().map(|s| {
            vec![
                s.id.clone(),
                s.kind.clone(),
                s.year.to_string(),
                date(s.submitted_on),
                s.title.clone(),
                s.category.clone().unwrap_or_default(),
                s.lead_unit.clone().unwrap_or_default(),
                s.co_units.join(";"),
                s.stage.clone(),
                s.key_supervision.to_string(),
                s.rounds.to_string(),
                s.reply_receipt
                    .as_ref()
                    .map(|r| r.satisfaction.clone())
                    .unwrap_or_default(),
                s.promises.len().to_string(),
                s.promises
                    .iter()
                    .filter(|p| p.receipt.as_deref() == Some("done"))
                    .count()
                    .to_string(),
                s.deputies.join(";"),
                date(s.published_on),
            ]
        }),
    )
}

/// One period's statistics: its figures, then each requirement's held, met and
/// distribution, then each breakdown row (`section` says which).
pub fn statistics(period: &PeriodStatistics) -> Result<String, csv::Error> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let line = |section: &str, key: &str, label: &str, value: String, denominator: String| {
        vec![
            period.period.clone(),
            date(period.last),
            section.to_owned(),
            key.to_owned(),
            label.to_owned(),
            value,
            denominator,
        ]
    };
    rows.push(line(
        "deputies",
        "serving",
        "",
        period.deputies.to_string(),
        String::new(),
    ));
    rows.push(line(
        "pending",
        "pending_records",
        "",
        period.pending_records.to_string(),
        String::new(),
    ));
    for figure in &period.figures {
        rows.push(line(
            "figure",
            &figure.key,
            "",
            figure.value.to_string(),
            figure.denominator.map(|d| d.to_string()).unwrap_or_default(),
        ));
    }
    for (section, breakdown) in [
        ("activities_by_level", &period.activities_by_level),
        ("activities_by_district", &period.activities_by_district),
        ("activities_by_group", &period.activities_by_group),
    ] {
        for row in breakdown {
            for (kind, value) in &row.activities {
                let key = format!("{}/{kind}", row.key);
                rows.push(line(section, &key, &row.label, value.to_string(), row.deputies.text()));
            }
        }
    }
    for r in &period.requirements {
        let key = format!("{}/{}", r.rule_set, r.requirement);
        rows.push(line(
            "requirement_met",
            &key,
            &r.title.zh_hans,
            r.met.text(),
            r.held.text(),
        ));
        for bucket in &r.distribution {
            rows.push(line(
                "distribution",
                &key,
                &bucket.label,
                bucket.deputies.text(),
                r.held.text(),
            ));
        }
        for (section, list) in [
            ("by_level", &r.by_level),
            ("by_district", &r.by_district),
            ("by_group", &r.by_group),
        ] {
            for row in list {
                rows.push(line(section, &key, &row.label, row.met.text(), row.held.text()));
            }
        }
    }
    write(
        &["period", "as_of", "section", "key", "label", "value", "denominator"],
        rows.into_iter(),
    )
}
