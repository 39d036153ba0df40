//! What the handling screens work from, read from this device: the handling workspace as
//! last fetched, the steps taken here (waiting or refused), and the suggestions as shown —
//! the server's copy with the waiting steps applied by the domain's state machine. Reloaded
//! on every local change, like the console's other data.

use std::sync::Arc;

use leptos::prelude::*;
use lvzhi_client::error::AppError;
use lvzhi_client::handling::QueuedStep;
use lvzhi_client::storage::queue::QueueEntry;
use lvzhi_client::sync::use_sync;
use lvzhi_domain::api::{HandlingWorkspace, Role, SignedIn};
use lvzhi_domain::handling::{Actor, HandlingUnit};
use lvzhi_domain::ids::{DeputyId, SuggestionId, UnitId};
use lvzhi_domain::suggestion::Suggestion;

/// The handling screens' data.
#[derive(Debug, Default)]
pub struct HandlingData {
    /// Whether a workspace was ever fetched here.
    pub loaded: bool,
    /// As fetched.
    pub workspace: HandlingWorkspace,
    /// The suggestions as shown (waiting steps applied).
    pub suggestions: Vec<Suggestion>,
    /// Suggestions with a step still waiting to be sent.
    pub waiting: Vec<SuggestionId>,
    /// Steps taken here, waiting or refused.
    pub steps: Vec<QueueEntry<QueuedStep>>,
}

impl HandlingData {
    /// A unit's name, or its id.
    pub fn unit_name(&self, id: UnitId) -> String {
        self.workspace
            .units
            .iter()
            .find(|u| u.id == id)
            .map_or_else(|| id.to_string(), |u| u.name.to_string())
    }

    /// Every unit.
    pub fn units(&self) -> &[HandlingUnit] {
        &self.workspace.units
    }

    /// A deputy's name, or their id.
    pub fn deputy_name(&self, id: DeputyId) -> String {
        self.workspace
            .deputy_names
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    }

    /// One suggestion, as shown.
    pub fn suggestion(&self, id: SuggestionId) -> Option<&Suggestion> {
        self.suggestions.iter().find(|s| s.id == id)
    }
}

/// Who the signed-in account acts as: staff, or its unit.
pub fn actor_of(session: &SignedIn) -> Actor {
    match (session.account.role, session.account.unit) {
        (Role::Unit, Some(unit)) => Actor::Unit(unit),
        _ => Actor::Staff(session.account.id),
    }
}

/// Reads the handling data from the store (no network).
pub async fn load(actor: Actor) -> Result<HandlingData, AppError> {
    let workspace = lvzhi_client::handling::load_workspace().await?;
    let steps = lvzhi_client::handling::steps().await?;
    let loaded = workspace.is_some();
    let workspace = workspace.unwrap_or_default();
    let today = lvzhi_client::records::today();
    let (suggestions, waiting) = lvzhi_client::handling::with_waiting_steps(&workspace, &steps, actor, today);
    Ok(HandlingData {
        loaded,
        workspace,
        suggestions,
        waiting,
        steps,
    })
}

/// The shared resource, reloaded on every local change.
#[derive(Clone, Copy)]
pub struct HandlingContext(pub LocalResource<Result<Arc<HandlingData>, AppError>>);

/// Creates the handling data resource; call once in the shell, after the session and sync.
pub fn provide_handling_data() {
    let sync = use_sync();
    let session = lvzhi_client::session::use_session().session;
    let resource = LocalResource::new(move || {
        sync.data_version.track();
        let actor = session.get().map(|s| actor_of(&s));
        async move {
            match actor {
                Some(actor) => load(actor).await.map(Arc::new),
                None => Ok(Arc::new(HandlingData::default())),
            }
        }
    });
    provide_context(HandlingContext(resource));
}

/// The handling data resource.
pub fn use_handling_data() -> LocalResource<Result<Arc<HandlingData>, AppError>> {
    expect_context::<HandlingContext>().0
}

/// Whether the signed-in account is a handling unit's.
pub fn is_unit() -> Signal<bool> {
    let session = lvzhi_client::session::use_session().session;
    Signal::derive(move || session.with(|s| s.as_ref().is_some_and(|s| s.account.role == Role::Unit)))
}

/// Keeps a step here and starts a pass to send it; a storage failure is returned.
pub async fn take(id: SuggestionId, step: lvzhi_domain::handling::HandlingStep) -> Result<(), AppError> {
    lvzhi_client::handling::take_step(id, step).await?;
    Ok(())
}
