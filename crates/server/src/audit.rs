//! Sending audit events to the database without making requests wait: events go through a
//! bounded channel to one task that writes them in batches (one transaction each). If the
//! channel is ever full, the event is written to the log instead, so none is lost silently.

use std::time::Duration;

use crate::db::{AuditEvent, AuditRecord, Database};

/// Where handlers send audit events.
#[derive(Clone)]
pub struct AuditSink {
    sender: tokio::sync::mpsc::Sender<AuditRecord>,
}

/// Events waiting at most.
const QUEUE: usize = 10_000;

impl AuditSink {
    /// Starts the writer task over `db`.
    pub fn start(db: Database) -> Self {
        let (sender, mut receiver) = tokio::sync::mpsc::channel::<AuditRecord>(QUEUE);
        tokio::spawn(async move {
            while let Some(first) = receiver.recv().await {
                let mut batch = vec![first];
                tokio::time::sleep(Duration::from_millis(200)).await;
                while let Ok(next) = receiver.try_recv() {
                    batch.push(next);
                    if batch.len() >= 1_000 {
                        break;
                    }
                }
                if let Err(error) = db.append_audit(batch.clone()).await {
                    for record in &batch {
                        eprintln!("audit (not stored: {error}): {record:?}");
                    }
                }
            }
        });
        Self { sender }
    }

    /// Records an event.
    pub fn record(&self, event: AuditEvent, account: Option<String>, request_id: &str, detail: impl Into<String>) {
        let record = AuditRecord {
            at_millis: crate::db::now_millis(),
            event,
            account,
            request_id: request_id.to_owned(),
            detail: detail.into(),
        };
        if let Err(error) = self.sender.try_send(record) {
            eprintln!("audit (queue full, logged here): {:?}", error.into_inner());
        }
    }
}
