//! Handling in the staff console, for staff and handling units alike: the workspace the
//! server gives (`GET /api/handling`, kept whole under one `meta` key and replaced by each
//! pass — the device never edits it), and the steps taken here, kept one per step id in a
//! keyed queue (`handling_steps`) and sent in order by the next pass. A step is sent with its
//! id, so sending it twice takes it once; a refusal keeps the domain's code on the step for
//! the console to explain. What the console shows is the server's copy with the waiting
//! steps applied by the same domain code the server runs.

use lvzhi_domain::api::{HandlingWorkspace, OpinionStepRequest, OpinionView, StepRequest};
use lvzhi_domain::handling::{Actor, HandlingRules, HandlingStep, StepContext};
use lvzhi_domain::ids::{OpinionId, StepId, SuggestionId};
use lvzhi_domain::opinion::OpinionStep;
use lvzhi_domain::suggestion::Suggestion;

use crate::api::{ApiError, post_json};
use crate::storage::queue::{QueueEntry, Queued, SendFailure, SendState};
use crate::storage::{HANDLING_STORE, LocalStore, StorageError};

/// The `meta` key of the handling workspace.
pub const HANDLING_KEY: &str = "handling";

/// What a queued step is taken on.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "on", rename_all = "snake_case")]
pub enum QueuedStep {
    /// A suggestion.
    Suggestion {
        /// Which.
        id: SuggestionId,
        /// The step.
        request: StepRequest,
    },
    /// An opinion item.
    Opinion {
        /// Which.
        id: OpinionId,
        /// The step.
        request: OpinionStepRequest,
    },
}

impl QueuedStep {
    /// The step's id.
    pub fn step_id(&self) -> StepId {
        match self {
            QueuedStep::Suggestion { request, .. } => request.step_id,
            QueuedStep::Opinion { request, .. } => request.step_id,
        }
    }
}

impl Queued for QueuedStep {
    const STORE: &'static str = HANDLING_STORE;
    fn key(&self) -> String {
        // Step ids are UUID v7: key order is the order they were taken in.
        self.step_id().to_string()
    }
}

fn new_step_id() -> StepId {
    StepId::from_uuid(crate::ids::new_uuid_v7())
}

/// Keeps a step on a suggestion here, to be sent by the next pass.
pub async fn take_step(id: SuggestionId, step: HandlingStep) -> Result<(), StorageError> {
    let request = StepRequest {
        step_id: new_step_id(),
        step,
    };
    LocalStore::open()
        .await?
        .enqueue(QueuedStep::Suggestion { id, request })
        .await
}

/// Keeps a step on an opinion item here, to be sent by the next pass.
pub async fn take_opinion_step(id: OpinionId, step: OpinionStep) -> Result<(), StorageError> {
    let request = OpinionStepRequest {
        step_id: new_step_id(),
        step,
    };
    LocalStore::open()
        .await?
        .enqueue(QueuedStep::Opinion { id, request })
        .await
}

/// Every step kept here: waiting, or refused with the reason.
pub async fn steps() -> Result<Vec<QueueEntry<QueuedStep>>, StorageError> {
    LocalStore::open().await?.queued().await
}

/// Forgets a refused step once the user has read why.
pub async fn dismiss(entry: &QueueEntry<QueuedStep>) -> Result<(), StorageError> {
    LocalStore::open()
        .await?
        .remove_queued::<QueuedStep>(&entry.item.key(), entry.revision)
        .await
}

/// Steps waiting to be sent.
pub async fn unsynced_count(store: &LocalStore) -> Result<usize, StorageError> {
    store.waiting_count::<QueuedStep>().await
}

/// The workspace as last fetched (None before the first pass).
pub async fn load_workspace() -> Result<Option<HandlingWorkspace>, StorageError> {
    LocalStore::open().await?.get_meta_json(HANDLING_KEY).await
}

/// Sends every waiting step, oldest first. Sent steps are removed (the workspace fetched
/// next shows their result); a refusal keeps the step with the server's code (a `flow_…`
/// code the console explains, or the server's sentence); a network failure stops.
pub async fn send_waiting(store: &LocalStore, token: &str) -> Result<usize, SendFailure> {
    let mut sent = 0;
    for entry in store.queued::<QueuedStep>().await? {
        if !entry.is_waiting() {
            continue;
        }
        let key = entry.item.key();
        let result = match &entry.item {
            QueuedStep::Suggestion { id, request } => {
                let path = format!("/api/handling/suggestions/{id}/steps");
                post_json::<_, Suggestion>(&path, request, Some(token))
                    .await
                    .map(|_| ())
            }
            QueuedStep::Opinion { id, request } => {
                let path = format!("/api/handling/opinions/{id}/steps");
                post_json::<_, OpinionView>(&path, request, Some(token))
                    .await
                    .map(|_| ())
            }
        };
        match result {
            Ok(()) => {
                store.remove_queued::<QueuedStep>(&key, entry.revision).await?;
                sent += 1;
            }
            Err(error) if error.is_refusal() => {
                let reason = match error {
                    ApiError::Server { code, message, .. }
                        if code.starts_with("flow_") || code.starts_with("opinion_") =>
                    {
                        format!("{code}|{message}")
                    }
                    ApiError::Server { message, .. } => message,
                    other => other.to_string(),
                };
                store
                    .mark_queued::<QueuedStep>(&key, entry.revision, SendState::Refused { reason })
                    .await?;
            }
            Err(error) => return Err(SendFailure::Api(error)),
        }
    }
    Ok(sent)
}

/// Fetches the workspace and keeps it here, replacing the last one; whether it changed.
pub async fn refresh(store: &LocalStore, token: &str) -> Result<bool, crate::reference::RefreshError> {
    let workspace: HandlingWorkspace = crate::api::get_json_signed("/api/handling", token).await?;
    let kept: Option<HandlingWorkspace> = store.get_meta_json(HANDLING_KEY).await?;
    if kept.as_ref() == Some(&workspace) {
        return Ok(false);
    }
    store.put_meta_json(HANDLING_KEY, &workspace).await?;
    Ok(true)
}

/// The suggestions as the console shows them: the server's copy with this device's waiting
/// steps applied by the domain's state machine (the same code the server runs). Returns
/// the suggestions and the ids with a step still waiting.
pub fn with_waiting_steps(
    workspace: &HandlingWorkspace,
    steps: &[QueueEntry<QueuedStep>],
    actor: Actor,
    today: lvzhi_domain::date::LocalDate,
) -> (Vec<Suggestion>, Vec<SuggestionId>) {
    let rules = workspace.rules.clone().unwrap_or_else(HandlingRules::standard);
    let context = StepContext {
        today,
        rules: &rules,
        units: &workspace.units,
    };
    let mut suggestions = workspace.suggestions.clone();
    let mut waiting = Vec::new();
    for entry in steps.iter().filter(|e| e.is_waiting()) {
        if let QueuedStep::Suggestion { id, request } = &entry.item
            && let Some(suggestion) = suggestions.iter_mut().find(|s| s.id == *id)
        {
            // A step the machine refuses here is refused by the server too; it shows as
            // waiting until the pass brings the server's reason.
            if suggestion.apply(request.step.clone(), actor, context).is_ok() {
                waiting.push(*id);
            }
        }
    }
    (suggestions, waiting)
}
