//! The public figures, computed once per change and shared by every public answer: a
//! [`Snapshot`] of [`PublicData`] with its indexes and its answers already serialized.
//! When the database has been written since (or the day turned), the next request starts a
//! rebuild in the background and is answered from the previous snapshot: no answer waits
//! but the very first. Rebuilds start at most once a second and no sooner than ten build
//! times after the last one (1.3 s to build the standard demo: at most one rebuild every
//! 13 s), so writes never keep a core busy rebuilding. Rendered pages are kept in the
//! snapshot too and go with it.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use lvzhi_domain::date::LocalDate;
use lvzhi_domain::public::{PublicData, Registry, build};
use lvzhi_domain::rules::{RuleBook, bundled_rule_sets};
use sha2::{Digest, Sha256};

use crate::db::{Database, DbError};

/// The shortest time between two rebuilds.
const REBUILD_AT_MOST_EVERY: Duration = Duration::from_secs(1);

/// The most rendered pages one snapshot keeps (every profile in three languages fits).
const MAX_KEPT_PAGES: usize = 30_000;

/// A body ready to send, with its validator and, when it is worth it, its gzip copy.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The bytes.
    pub body: Bytes,
    /// The same bytes gzipped (bodies of 1 KiB and more), sent to clients that accept gzip.
    pub gzip: Option<Bytes>,
    /// A strong ETag (quoted), of the uncompressed bytes.
    pub etag: String,
}

impl Prepared {
    /// Wraps `body`, computing its ETag and its gzip copy.
    pub fn new(body: impl Into<Bytes>) -> Self {
        let body = body.into();
        let digest = Sha256::digest(&body);
        let etag = format!(
            "\"{}\"",
            digest[..12].iter().map(|b| format!("{b:02x}")).collect::<String>()
        );
        let gzip = (body.len() >= 1024).then(|| gzip(&body)).flatten();
        Prepared { body, gzip, etag }
    }
}

/// `bytes` gzipped; `None` if the encoder failed (the plain body is sent then).
fn gzip(bytes: &[u8]) -> Option<Bytes> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    match encoder.write_all(bytes).and_then(|()| encoder.finish()) {
        Ok(zipped) => Some(Bytes::from(zipped)),
        Err(error) => {
            eprintln!("public cache: gzip failed, the plain body is sent: {error}");
            None
        }
    }
}

/// The public figures of one moment.
pub struct Snapshot {
    /// The figures.
    pub data: PublicData,
    deputy_index: HashMap<String, usize>,
    station_index: HashMap<String, usize>,
    suggestion_index: HashMap<String, usize>,
    /// Answers and pages rendered from this snapshot, by key.
    kept: RwLock<HashMap<String, Arc<Prepared>>>,
    writes: u64,
    day: LocalDate,
    built: Instant,
    /// How long it took to build.
    took: Duration,
}

impl Snapshot {
    fn new(data: PublicData, writes: u64, day: LocalDate, took: Duration) -> Self {
        let index = |ids: Vec<&String>| ids.into_iter().enumerate().map(|(i, id)| (id.clone(), i)).collect();
        Snapshot {
            deputy_index: index(data.deputies.iter().map(|d| &d.id).collect()),
            station_index: index(data.stations.iter().map(|s| &s.id).collect()),
            suggestion_index: index(data.suggestions.iter().map(|s| &s.id).collect()),
            data,
            kept: RwLock::new(HashMap::new()),
            writes,
            day,
            built: Instant::now(),
            took,
        }
    }

    /// Whether enough time has passed since this snapshot was built to build another: at
    /// least a second, and ten times what building it took.
    fn may_rebuild(&self) -> bool {
        self.built.elapsed() >= REBUILD_AT_MOST_EVERY.max(self.took * 10)
    }

    /// A deputy by id.
    pub fn deputy(&self, id: &str) -> Option<&lvzhi_domain::public::PublicDeputy> {
        self.deputy_index.get(id).and_then(|i| self.data.deputies.get(*i))
    }

    /// A station by id.
    pub fn station(&self, id: &str) -> Option<&lvzhi_domain::public::PublicStation> {
        self.station_index.get(id).and_then(|i| self.data.stations.get(*i))
    }

    /// A published suggestion by id.
    pub fn suggestion(&self, id: &str) -> Option<&lvzhi_domain::public::PublicSuggestion> {
        self.suggestion_index
            .get(id)
            .and_then(|i| self.data.suggestions.get(*i))
    }

    /// The answer kept under `key`, made by `make` the first time.
    pub fn kept<E>(&self, key: &str, make: impl FnOnce() -> Result<Prepared, E>) -> Result<Arc<Prepared>, E> {
        if let Ok(kept) = self.kept.read()
            && let Some(found) = kept.get(key)
        {
            return Ok(Arc::clone(found));
        }
        let made = Arc::new(make()?);
        if let Ok(mut kept) = self.kept.write()
            && kept.len() < MAX_KEPT_PAGES
        {
            kept.insert(key.to_owned(), Arc::clone(&made));
        }
        Ok(made)
    }
}

/// The shared snapshot and its rebuilding.
#[derive(Default)]
pub struct PublicCache {
    current: RwLock<Option<Arc<Snapshot>>>,
    rebuilding: Arc<tokio::sync::Mutex<()>>,
}

impl PublicCache {
    fn current(&self) -> Option<Arc<Snapshot>> {
        self.current.read().ok()?.clone()
    }

    /// The snapshot to answer from. The first one is built while the request waits; after
    /// that, a request that finds the data changed (or the day turned) starts one rebuild in
    /// the background and is answered from the current snapshot, so no public answer waits
    /// for a rebuild and rebuilds cost at most a tenth of a core (see [`Snapshot::may_rebuild`]).
    pub async fn get(self: &Arc<Self>, db: &Database) -> Result<Arc<Snapshot>, DbError> {
        let today = crate::db::today();
        if let Some(current) = self.current() {
            let changed = current.writes != db.write_count() || current.day != today;
            if changed
                && current.may_rebuild()
                && let Ok(one_at_a_time) = Arc::clone(&self.rebuilding).try_lock_owned()
            {
                let cache = Arc::clone(self);
                let db = db.clone();
                tokio::spawn(async move {
                    let _one_at_a_time = one_at_a_time;
                    if let Err(error) = cache.rebuild(&db, today).await {
                        eprintln!("public figures: the rebuild failed, the previous ones are still served: {error}");
                    }
                });
            }
            return Ok(current);
        }
        let _one_at_a_time = self.rebuilding.lock().await;
        // Another request may have built it while this one waited.
        if let Some(current) = self.current() {
            return Ok(current);
        }
        self.rebuild(db, today).await
    }

    /// Builds a snapshot from the database and makes it the current one.
    async fn rebuild(&self, db: &Database, today: LocalDate) -> Result<Arc<Snapshot>, DbError> {
        let started = Instant::now();
        let writes = db.write_count();
        let source = db.public_source().await?;
        let data = tokio::task::spawn_blocking(move || {
            let rules = RuleBook::new(bundled_rule_sets())
                .map_err(|e| DbError::Corrupt(format!("rule sets: {e}")))?
                .with_enabled(&source.congress.enabled);
            Ok::<_, DbError>(build(&Registry {
                today,
                deputies: &source.congress.deputies,
                activities: &source.congress.activities,
                absences: &source.congress.absences,
                calendar: &source.congress.calendar,
                rules: &rules,
                groups: &source.groups,
                stations: &source.stations,
                suggestions: &source.suggestions,
                notes: &source.notes,
                units: &source.units,
                opinion_days: &source.opinion_days,
            }))
        })
        .await
        .map_err(|e| DbError::Worker(e.to_string()))??;
        let snapshot = Arc::new(Snapshot::new(data, writes, today, started.elapsed()));
        if let Ok(mut current) = self.current.write() {
            *current = Some(Arc::clone(&snapshot));
        }
        Ok(snapshot)
    }
}
