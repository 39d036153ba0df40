//! Deputy stations as staff edit them: name, address, district and reception schedule. A
//! staff account limited to electoral units edits the stations of those districts. Devices
//! read stations with the reference data.

use lvzhi_domain::organisation::Station;
use lvzhi_domain::staff::StaffScope;
use rusqlite::params;

use super::{Database, DbError};

/// The most reception slots one station lists.
pub const MAX_RECEPTION_SLOTS: usize = 14;

impl Database {
    /// Stores `station` (new or changed) if `scope` covers its district, before and after.
    /// Saving the same station again changes nothing.
    pub async fn save_station(&self, station: Station, scope: StaffScope) -> Result<Station, DbError> {
        if station.reception.len() > MAX_RECEPTION_SLOTS {
            return Err(DbError::Invalid(lvzhi_domain::ValidationError::new(
                "reception",
                lvzhi_domain::error::Problem::OutOfRange {
                    min: "0".into(),
                    max: format!("{MAX_RECEPTION_SLOTS} slots"),
                },
            )));
        }
        // Each slot is checked as the domain builds one.
        for slot in &station.reception {
            lvzhi_domain::organisation::ReceptionSlot::new(
                slot.weekday,
                slot.week_of_month,
                slot.start_minute,
                slot.end_minute,
            )
            .map_err(DbError::Invalid)?;
        }
        self.call(move |connection| {
            let covers = |district: &str| scope.covers_district(district);
            let transaction = connection.transaction()?;
            let id = station.id.to_string();
            let stored: Option<String> = rusqlite::OptionalExtension::optional(transaction.query_row(
                "SELECT district FROM stations WHERE id = ?1",
                params![id],
                |row| row.get(0),
            ))?;
            if stored.as_deref().is_some_and(|district| !covers(district)) || !covers(station.district.as_str()) {
                return Err(DbError::Forbidden(format!(
                    "station {} is outside this account's scope (district {})",
                    station.id,
                    station.district.as_str()
                )));
            }
            let body = serde_json::to_string(&station).map_err(|error| DbError::Other(error.to_string()))?;
            transaction.execute(
                "INSERT INTO stations (id, district, body) VALUES (?1, ?2, ?3)
                 ON CONFLICT(id) DO UPDATE SET district = excluded.district, body = excluded.body",
                params![id, station.district.as_str(), body],
            )?;
            transaction.commit()?;
            Ok(station)
        })
        .await
    }
}
