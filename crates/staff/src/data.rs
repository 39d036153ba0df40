//! What the console works from, read from this device's store: the workspace (deputies in
//! scope, groups, staff names, absences), every record (the first load with what was pulled
//! or saved since), the reference data (terms, sessions, rule sets) and the decisions still
//! waiting in the outbox. Pages read it through [`use_staff_data`], reloaded whenever local
//! data changes.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;
use lvzhi_client::error::AppError;
use lvzhi_client::storage::LocalStore;
use lvzhi_client::sync::use_sync;
use lvzhi_domain::activity::Activity;
use lvzhi_domain::api::{ReferenceData, StaffWorkspace};
use lvzhi_domain::deputy::Deputy;
use lvzhi_domain::ids::{AccountId, ActivityId, DeputyId};
use lvzhi_domain::sync::Operation;

/// Everything the console shows, as of its last read.
#[derive(Debug, Default)]
pub struct StaffData {
    /// Deputies in scope, groups, staff names, absences.
    pub workspace: StaffWorkspace,
    /// Every record on this device.
    pub records: Vec<Activity>,
    /// Terms, sessions and rule sets.
    pub reference: Option<ReferenceData>,
    /// Records with a review decision waiting to be sent.
    pub decided: HashSet<ActivityId>,
    deputy_index: HashMap<DeputyId, usize>,
}

impl StaffData {
    /// The deputy with this id, if in scope.
    pub fn deputy(&self, id: DeputyId) -> Option<&Deputy> {
        self.deputy_index.get(&id).map(|index| &self.workspace.deputies[*index])
    }

    /// A deputy's name, or their id when not in scope.
    pub fn deputy_name(&self, id: DeputyId) -> String {
        self.deputy(id)
            .map_or_else(|| id.to_string(), |d| d.name.as_str().to_owned())
    }

    /// A staff account's name, or its id.
    pub fn staff_name(&self, id: AccountId) -> String {
        self.workspace
            .staff
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| id.to_string(), |s| s.name.clone())
    }
}

/// Reads everything from the store (one read per store; no network).
pub async fn load() -> Result<StaffData, AppError> {
    let store = LocalStore::open().await?;
    let workspace = lvzhi_client::reference::load_workspace().await?.unwrap_or_default();
    let records = store.loaded_records().await?;
    let mut reference = lvzhi_client::reference::load_reference().await?;
    // The workspace is fetched every pass, the reference data only when old: the optional
    // rule sets turned on are the workspace's.
    if let Some(reference) = reference.as_mut()
        && !workspace.deputies.is_empty()
    {
        reference.enabled_rule_sets = workspace.enabled_rule_sets.clone();
    }
    let decided = store
        .outbox()
        .await?
        .into_iter()
        .filter_map(|m| match m.operation {
            Operation::Approve { id } | Operation::Reject { id, .. } => Some(id),
            _ => None,
        })
        .collect();
    let deputy_index = workspace.deputies.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    Ok(StaffData {
        workspace,
        records,
        reference,
        decided,
        deputy_index,
    })
}

/// The console's data, shared by its pages: a resource reloaded on every local change.
#[derive(Clone, Copy)]
pub struct StaffDataContext(pub LocalResource<Result<Arc<StaffData>, AppError>>);

/// Creates the shared data resource; call once in the shell, after the sync context.
pub fn provide_staff_data() {
    let sync = use_sync();
    let resource = LocalResource::new(move || {
        sync.data_version.track();
        async move { load().await.map(Arc::new) }
    });
    provide_context(StaffDataContext(resource));
}

/// The shared data resource.
pub fn use_staff_data() -> LocalResource<Result<Arc<StaffData>, AppError>> {
    expect_context::<StaffDataContext>().0
}
