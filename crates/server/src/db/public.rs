//! Reads what the public figures are computed from, in one read transaction (one
//! consistent view): the congress, groups, stations, suggestions other than drafts, the
//! right-of-reply notes, the handling units and only the day of each opinion item.

use lvzhi_domain::date::LocalDate;
use lvzhi_domain::handling::HandlingUnit;
use lvzhi_domain::organisation::{Group, Station};
use lvzhi_domain::reply::ReplyNote;
use lvzhi_domain::suggestion::Suggestion;

use super::absences::Congress;
use super::reference::bodies;
use super::{Database, DbError};

/// The registry as the public builder reads it (see `lvzhi_domain::public::Registry`).
pub struct PublicSource {
    /// Deputies, records, absences, calendar, rule sets turned on.
    pub congress: Congress,
    /// Groups.
    pub groups: Vec<Group>,
    /// Stations.
    pub stations: Vec<Station>,
    /// Suggestions other than drafts.
    pub suggestions: Vec<Suggestion>,
    /// Right-of-reply notes.
    pub notes: Vec<ReplyNote>,
    /// Handling units.
    pub units: Vec<HandlingUnit>,
    /// The day each opinion item was gathered.
    pub opinion_days: Vec<LocalDate>,
}

impl Database {
    /// Everything the public pages are computed from.
    pub async fn public_source(&self) -> Result<PublicSource, DbError> {
        self.read(|connection| {
            let transaction = connection.transaction()?;
            let congress = super::absences::congress_in(&transaction)?;
            let mut days = Vec::new();
            {
                let mut statement =
                    transaction.prepare("SELECT json_extract(body, '$.gathered_on') FROM opinion_items")?;
                let rows = statement.query_map([], |row| row.get::<_, Option<String>>(0))?;
                for day in rows {
                    if let Some(day) = day? {
                        days.push(
                            day.parse()
                                .map_err(|e| DbError::Corrupt(format!("opinion item's day {day}: {e}")))?,
                        );
                    }
                }
            }
            let source = PublicSource {
                congress,
                groups: bodies(&transaction, "SELECT body FROM groups ORDER BY kind, id", "group")?,
                stations: bodies(
                    &transaction,
                    "SELECT body FROM stations ORDER BY district, id",
                    "station",
                )?,
                suggestions: bodies(
                    &transaction,
                    "SELECT body FROM suggestions WHERE stage != 'draft'",
                    "suggestion",
                )?,
                notes: bodies(&transaction, "SELECT body FROM reply_notes", "reply note")?,
                units: super::handling::all_units(&transaction)?,
                opinion_days: days,
            };
            transaction.finish()?;
            Ok(source)
        })
        .await
    }
}
