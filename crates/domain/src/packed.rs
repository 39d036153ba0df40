//! A compact binary form of duty activities for bulk storage on the device (a staff
//! member's first sync, a public statistics snapshot): one byte string holds a chunk of
//! thousands of records, so the browser stores and reads a few large values instead of
//! 100,000 small objects, and decoding skips JSON and UUID text entirely.
//!
//! Layout (little-endian): the magic `LZA2`, the record count (u32), then per record:
//! id (16 bytes), kind (u8, position in [`ActivityKind::ALL`]), date (i32 day number),
//! deputies (u16 count, 16 bytes each), station (u8 0/1, then 16 bytes), place and
//! description (u32 byte length, UTF-8), entered by (u8 0 deputy / 1 staff, 16 bytes
//! account), review (u8 0 pending / 1 approved / 2 rejected, then the reason as text),
//! revision (u32), proposer (u8 0/1, then 16 bytes) and the colleagues' answers (u8 count,
//! then 16 bytes and u8 0 confirmed / 1 declined each). Chunks written before joint
//! records (magic `LZA1`) end each record at the revision and still decode. Decoding checks every value as the JSON path does: a corrupt chunk is
//! refused with the byte offset, never half-read into wrong records.

use std::fmt;

use uuid::Uuid;

use crate::activity::{Activity, ActivityKind, EnteredBy, JointAnswer, JointReply, Review, participating_deputies};
use crate::date::LocalDate;
use crate::ids::{AccountId, ActivityId, DeputyId, StationId};
use crate::text::{Description, PlaceText, Reason};

const MAGIC: &[u8; 4] = b"LZA2";
const MAGIC_BEFORE_JOINT: &[u8; 4] = b"LZA1";

/// Why a chunk could not be read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The byte offset at which decoding failed.
    pub offset: usize,
    /// What was wrong there.
    pub problem: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "stored chunk is damaged at byte {}: {}", self.offset, self.problem)
    }
}

impl std::error::Error for DecodeError {}

fn put_uuid(out: &mut Vec<u8>, uuid: Uuid) {
    out.extend_from_slice(uuid.as_bytes());
}

fn put_text(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
}

/// Encodes activities into one chunk.
pub fn encode_activities(activities: &[Activity]) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + activities.len() * 96);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(activities.len() as u32).to_le_bytes());
    for activity in activities {
        put_uuid(&mut out, activity.id.as_uuid());
        out.push(activity.kind.index() as u8);
        out.extend_from_slice(&activity.date.day_number().to_le_bytes());
        out.extend_from_slice(&(activity.deputies.len() as u16).to_le_bytes());
        for deputy in &activity.deputies {
            put_uuid(&mut out, deputy.as_uuid());
        }
        match activity.station {
            Some(station) => {
                out.push(1);
                put_uuid(&mut out, station.as_uuid());
            }
            None => out.push(0),
        }
        put_text(&mut out, activity.place.as_str());
        put_text(&mut out, activity.description.as_str());
        let (tag, account) = match activity.entered_by {
            EnteredBy::Deputy(account) => (0, account),
            EnteredBy::Staff(account) => (1, account),
        };
        out.push(tag);
        put_uuid(&mut out, account.as_uuid());
        match &activity.review {
            Review::Pending => out.push(0),
            Review::Approved => out.push(1),
            Review::Rejected { reason } => {
                out.push(2);
                put_text(&mut out, reason.as_str());
            }
        }
        out.extend_from_slice(&activity.revision.to_le_bytes());
        match activity.proposed_by {
            Some(proposer) => {
                out.push(1);
                put_uuid(&mut out, proposer.as_uuid());
            }
            None => out.push(0),
        }
        out.push(activity.answers.len().min(u8::MAX as usize) as u8);
        for reply in activity.answers.iter().take(u8::MAX as usize) {
            put_uuid(&mut out, reply.deputy.as_uuid());
            out.push(match reply.answer {
                JointAnswer::Confirmed => 0,
                JointAnswer::Declined => 1,
            });
        }
    }
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    /// Whether records carry the proposer and answers (`LZA2`).
    joint: bool,
}

impl<'a> Reader<'a> {
    fn fail<T>(&self, problem: impl Into<String>) -> Result<T, DecodeError> {
        Err(DecodeError {
            offset: self.at,
            problem: problem.into(),
        })
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        match self.bytes.get(self.at..self.at + n) {
            Some(slice) => {
                self.at += n;
                Ok(slice)
            }
            None => self.fail("the chunk ends too early"),
        }
    }

    fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, DecodeError> {
        let bytes = self.take(2)?;
        Ok(u16::from_le_bytes([bytes[0], bytes[1]]))
    }

    fn u32(&mut self) -> Result<u32, DecodeError> {
        let bytes = self.take(4)?;
        Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    fn uuid(&mut self) -> Result<Uuid, DecodeError> {
        let bytes = self.take(16)?;
        let mut array = [0u8; 16];
        array.copy_from_slice(bytes);
        Ok(Uuid::from_bytes(array))
    }

    fn text(&mut self) -> Result<&'a str, DecodeError> {
        let length = self.u32()? as usize;
        let start = self.at;
        let bytes = self.take(length)?;
        std::str::from_utf8(bytes).map_err(|_| DecodeError {
            offset: start,
            problem: "text is not UTF-8".into(),
        })
    }

    fn checked<T, E: fmt::Display>(&self, result: Result<T, E>) -> Result<T, DecodeError> {
        result.or_else(|error| self.fail(error.to_string()))
    }

    fn activity(&mut self) -> Result<Activity, DecodeError> {
        let id = ActivityId::from_uuid(self.uuid()?);
        let kind_index = self.u8()? as usize;
        let Some(kind) = ActivityKind::ALL.get(kind_index).copied() else {
            return self.fail(format!("unknown kind number {kind_index}"));
        };
        let day = self.u32()? as i32;
        let Some(date) = LocalDate::from_day_number(day) else {
            return self.fail(format!("day number {day} is out of range"));
        };
        let count = self.u16()? as usize;
        let mut deputies = Vec::with_capacity(count);
        for _ in 0..count {
            deputies.push(DeputyId::from_uuid(self.uuid()?));
        }
        let deputies = self.checked(participating_deputies(deputies))?;
        let station = match self.u8()? {
            0 => None,
            1 => Some(StationId::from_uuid(self.uuid()?)),
            other => return self.fail(format!("station flag {other}")),
        };
        let place = PlaceText::parse_field(self.text()?, "place");
        let place = self.checked(place)?;
        let description = Description::parse_field(self.text()?, "description");
        let description = self.checked(description)?;
        let entered_by = match self.u8()? {
            0 => EnteredBy::Deputy(AccountId::from_uuid(self.uuid()?)),
            1 => EnteredBy::Staff(AccountId::from_uuid(self.uuid()?)),
            other => return self.fail(format!("entered-by tag {other}")),
        };
        let review = match self.u8()? {
            0 => Review::Pending,
            1 => Review::Approved,
            2 => {
                let reason = Reason::parse_field(self.text()?, "reason");
                Review::Rejected {
                    reason: self.checked(reason)?,
                }
            }
            other => return self.fail(format!("review tag {other}")),
        };
        let revision = self.u32()?;
        let mut proposed_by = None;
        let mut answers = Vec::new();
        if self.joint {
            proposed_by = match self.u8()? {
                0 => None,
                1 => Some(DeputyId::from_uuid(self.uuid()?)),
                other => return self.fail(format!("proposer flag {other}")),
            };
            for _ in 0..self.u8()? {
                let deputy = DeputyId::from_uuid(self.uuid()?);
                let answer = match self.u8()? {
                    0 => JointAnswer::Confirmed,
                    1 => JointAnswer::Declined,
                    other => return self.fail(format!("answer tag {other}")),
                };
                answers.push(JointReply { deputy, answer });
            }
            let named = |deputy: &DeputyId| deputies.contains(deputy);
            if !proposed_by.iter().all(named) || !answers.iter().all(|reply| named(&reply.deputy)) {
                return self.fail("a proposer or answer names a deputy not on the record");
            }
        }
        Ok(Activity {
            id,
            kind,
            date,
            deputies,
            station,
            place,
            description,
            entered_by,
            review,
            revision,
            proposed_by,
            answers,
        })
    }
}

/// Decodes one chunk, appending its records to `into`.
pub fn decode_activities_into(bytes: &[u8], into: &mut Vec<Activity>) -> Result<(), DecodeError> {
    let mut reader = Reader {
        bytes,
        at: 0,
        joint: true,
    };
    match reader.take(4)? {
        magic if magic == MAGIC => {}
        magic if magic == MAGIC_BEFORE_JOINT => reader.joint = false,
        _ => {
            return Err(DecodeError {
                offset: 0,
                problem: "not a packed activity chunk".into(),
            });
        }
    }
    let count = reader.u32()? as usize;
    into.reserve(count);
    for _ in 0..count {
        into.push(reader.activity()?);
    }
    if reader.at != bytes.len() {
        return reader.fail("bytes left after the last record");
    }
    Ok(())
}

/// Decodes one chunk.
pub fn decode_activities(bytes: &[u8]) -> Result<Vec<Activity>, DecodeError> {
    let mut records = Vec::new();
    decode_activities_into(bytes, &mut records)?;
    Ok(records)
}
