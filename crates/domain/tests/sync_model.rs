//! A model-based test of the sync protocol as it ships: three deputies' clients, a second
//! browser of the first deputy that imports her exported outbox, and a staff client; one
//! server; a network that drops, duplicates and reorders messages; pulls that stop after any
//! page (a closed laptop) and resume. The clients run the app's own algorithm
//! ([`lvzhi_domain::sync::client`]): the same functions the IndexedDB adapter calls, with
//! their writes performed on maps instead of object stores.
//!
//! Whatever happens, once the network settles every mutation has taken effect exactly once,
//! every client holds exactly the server's records, and while changes wait the client shows
//! its own version of the records they touch.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::{BTreeMap, HashMap};

use lvzhi_domain::activity::{Activity, ActivityKind, Review};
use lvzhi_domain::api::Role;
use lvzhi_domain::ids::{AccountId, ActivityId, ClientId, DeputyId};
use lvzhi_domain::sync::client::{self, PullPosition, StoreWrite, SyncProblem};
use lvzhi_domain::sync::server::{Actor, SyncStore, process_push};
use lvzhi_domain::sync::{
    Change, ChangeEntry, Mutation, Operation, Outcome, PullRequest, PullResponse, PushRequest, PushResponse,
    SnapshotCursor,
};
use lvzhi_domain::text::Reason;
use proptest::prelude::*;

#[derive(Default)]
struct Server {
    records: BTreeMap<ActivityId, Activity>,
    last_applied: HashMap<ClientId, u64>,
    log: Vec<ChangeEntry>,
    next_change: u64,
    /// Entries at or below this were compacted away: older cursors need a reset.
    compacted_through: u64,
    /// Non-duplicate outcomes produced, per client and sequence number.
    effects: HashMap<(ClientId, u64), u32>,
    /// History lines appended, and the outcomes that applied an effect: one line each.
    history: Vec<lvzhi_domain::staff::HistoryEntry>,
    applied: usize,
}

impl SyncStore for Server {
    type Error = std::convert::Infallible;
    fn last_applied(&mut self, client: ClientId) -> Result<u64, Self::Error> {
        Ok(self.last_applied.get(&client).copied().unwrap_or(0))
    }
    fn set_last_applied(&mut self, client: ClientId, seq: u64) -> Result<(), Self::Error> {
        self.last_applied.insert(client, seq);
        Ok(())
    }
    fn activity(&mut self, id: ActivityId) -> Result<Option<Activity>, Self::Error> {
        Ok(self.records.get(&id).cloned())
    }
    fn save_activity(&mut self, activity: &Activity) -> Result<(), Self::Error> {
        self.records.insert(activity.id, activity.clone());
        self.next_change += 1;
        self.log.push(ChangeEntry {
            seq: self.next_change,
            change: Change::Upsert {
                activity: activity.clone(),
            },
        });
        Ok(())
    }
    fn deputy(
        &mut self,
        _id: lvzhi_domain::ids::DeputyId,
    ) -> Result<Option<lvzhi_domain::deputy::Deputy>, Self::Error> {
        Ok(None)
    }
    fn append_history(&mut self, entry: &lvzhi_domain::staff::HistoryEntry) -> Result<(), Self::Error> {
        self.history.push(entry.clone());
        Ok(())
    }
    fn serving_on(
        &mut self,
        _deputy: lvzhi_domain::ids::DeputyId,
        _date: lvzhi_domain::date::LocalDate,
    ) -> Result<bool, Self::Error> {
        // The model's deputies all serve throughout.
        Ok(true)
    }
    fn delete_activity(&mut self, id: ActivityId) -> Result<(), Self::Error> {
        self.records.remove(&id);
        self.next_change += 1;
        self.log.push(ChangeEntry {
            seq: self.next_change,
            change: Change::Tombstone { id },
        });
        Ok(())
    }
}

impl Server {
    fn push(&mut self, actor: &Actor, request: &PushRequest) -> PushResponse {
        let Ok(response) = process_push(
            self,
            actor,
            request,
            lvzhi_domain::date::LocalDate::from_ymd(2100, 12, 31).expect("a date"),
        );
        for result in &response.results {
            if matches!(result.outcome, Outcome::Applied { .. }) {
                self.applied += 1;
            }
            if result.outcome != Outcome::Duplicate {
                *self.effects.entry((request.client, result.seq)).or_default() += 1;
            }
        }
        response
    }

    /// Answers a pull as the real server does: a stale or missing cursor gets a paged
    /// snapshot (records in id order, at most `limit` a page), a live one the log after it.
    fn pull(&self, request: &PullRequest) -> PullResponse {
        let limit = request.limit as usize;
        if let Some(snapshot) = &request.snapshot {
            return self.snapshot_page(snapshot.at, Some(snapshot.after), limit, false);
        }
        let reset = match request.cursor {
            None => true,
            Some(c) => c < self.compacted_through || c > self.next_change,
        };
        if reset {
            return self.snapshot_page(self.next_change, None, limit, true);
        }
        let after = request.cursor.unwrap_or(0);
        let entries: Vec<ChangeEntry> = self.log.iter().filter(|e| e.seq > after).take(limit).cloned().collect();
        let cursor = entries.last().map_or(after, |e| e.seq);
        PullResponse {
            reset: false,
            snapshot: None,
            more: cursor < self.next_change,
            entries,
            cursor,
        }
    }

    fn snapshot_page(&self, at: u64, after: Option<ActivityId>, limit: usize, first: bool) -> PullResponse {
        let mut rest = self
            .records
            .values()
            .filter(|activity| after.is_none_or(|after| activity.id > after));
        let entries: Vec<ChangeEntry> = rest
            .by_ref()
            .take(limit)
            .map(|activity| ChangeEntry {
                seq: at,
                change: Change::Upsert {
                    activity: activity.clone(),
                },
            })
            .collect();
        let more = rest.next().is_some();
        let snapshot = match (more, entries.last()) {
            (true, Some(last)) => Some(SnapshotCursor {
                at,
                after: last.change.record(),
            }),
            _ => None,
        };
        PullResponse {
            reset: first,
            entries,
            cursor: at,
            // After the last page, the changes made since the snapshot began follow.
            more: more || at < self.next_change,
            snapshot,
        }
    }

    fn compact(&mut self) {
        self.log.clear();
        self.compacted_through = self.next_change;
    }
}

/// One browser's store, as the IndexedDB adapter keeps it, with the adapter's mechanical
/// half: performing a step's writes.
#[derive(Default)]
struct Store {
    records: BTreeMap<ActivityId, Activity>,
    outbox: BTreeMap<u64, Mutation>,
    next_seq: u64,
    problems: Vec<SyncProblem>,
    position: PullPosition,
    synced: bool,
}

impl Store {
    fn perform(&mut self, writes: Vec<StoreWrite>) {
        for write in writes {
            match write {
                StoreWrite::PutRecord(activity) => {
                    self.records.insert(activity.id, activity);
                }
                StoreWrite::DeleteRecord(id) => {
                    self.records.remove(&id);
                }
                StoreWrite::ClearRecords => self.records.clear(),
                StoreWrite::PutMutation(mutation) => {
                    self.outbox.insert(mutation.seq, mutation);
                }
                StoreWrite::DeleteMutationsThrough(seq) => self.outbox.retain(|s, _| *s > seq),
                StoreWrite::SetNextSeq(next) => self.next_seq = next,
                StoreWrite::AddProblems(problems) => self.problems.extend(problems),
                StoreWrite::SetPosition(position) => self.position = position,
                StoreWrite::MarkSynced => self.synced = true,
            }
        }
    }

    fn pending(&self) -> Vec<Mutation> {
        self.outbox.values().cloned().collect()
    }

    /// What the adapter's `queue_change` does.
    fn queue(&mut self, operation: Operation) {
        let (_, writes) = client::queue(self.next_seq.max(1), operation);
        self.perform(writes);
    }

    /// What the adapter's `apply_pull` does; returns whether to pull again now.
    fn apply_pull(&mut self, asked_from: &PullPosition, response: &PullResponse) -> bool {
        let pending = self.pending();
        let step = client::apply_pull(asked_from, &pending, response);
        self.perform(step.writes);
        step.more
    }
}

struct Client {
    actor: Actor,
    id: ClientId,
    store: Store,
    created: Vec<ActivityId>,
    counter: u128,
}

#[derive(Debug, Clone)]
enum Action {
    Create(usize),
    Edit(usize, usize),
    Withdraw(usize, usize),
    Review(usize, bool),
    Send(usize),
    Deliver(usize),
    Drop(usize),
    Duplicate(usize),
    /// Pull pages until done or until the given number of pages, whichever comes first.
    Pull(usize, usize, usize),
    /// The first deputy's outbox, exported and imported on her second browser.
    CarryOutbox,
    Compact,
}

const CLIENTS: usize = 5;
const STAFF: usize = 4;

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        3 => (0..4usize).prop_map(Action::Create),
        2 => (0..4usize, any::<usize>()).prop_map(|(c, k)| Action::Edit(c, k)),
        1 => (0..4usize, any::<usize>()).prop_map(|(c, k)| Action::Withdraw(c, k)),
        2 => (any::<usize>(), any::<bool>()).prop_map(|(k, ok)| Action::Review(k, ok)),
        3 => (0..CLIENTS).prop_map(Action::Send),
        4 => any::<usize>().prop_map(Action::Deliver),
        1 => any::<usize>().prop_map(Action::Drop),
        1 => any::<usize>().prop_map(Action::Duplicate),
        2 => (0..CLIENTS, 1..4usize, 1..4usize).prop_map(|(c, l, p)| Action::Pull(c, l, p)),
        1 => Just(Action::CarryOutbox),
        1 => Just(Action::Compact),
    ]
}

#[derive(Clone)]
enum Message {
    Request(usize, PushRequest),
    Response(usize, PushResponse),
}

struct World {
    server: Server,
    clients: Vec<Client>,
    network: Vec<Message>,
}

fn deputy_actor(n: u128) -> Actor {
    Actor {
        account: AccountId::from_u128(n),
        role: Role::Deputy,
        deputy: Some(DeputyId::from_u128(n)),
        scope: lvzhi_domain::staff::StaffScope::everyone(),
    }
}

impl World {
    fn new() -> Self {
        let client = |actor: Actor, id: u128| Client {
            actor,
            id: ClientId::from_u128(id),
            store: Store::default(),
            created: Vec::new(),
            counter: 0,
        };
        let mut clients: Vec<Client> = (1..=3u128).map(|n| client(deputy_actor(n), 100 + n)).collect();
        // The first deputy's second browser.
        clients.push(client(deputy_actor(1), 104));
        clients.push(client(
            Actor {
                account: AccountId::from_u128(9),
                role: Role::Staff,
                deputy: None,
                scope: lvzhi_domain::staff::StaffScope::everyone(),
            },
            109,
        ));
        World {
            server: Server::default(),
            clients,
            network: Vec::new(),
        }
    }

    fn deliver(&mut self, index: usize) {
        if self.network.is_empty() {
            return;
        }
        match self.network.remove(index % self.network.len()) {
            Message::Request(client, request) => {
                let actor = self.clients[client].actor.clone();
                let response = self.server.push(&actor, &request);
                self.network.push(Message::Response(client, response));
            }
            Message::Response(client, response) => {
                // What the adapter's `acknowledge` does.
                let store = &mut self.clients[client].store;
                let acknowledgement = client::acknowledge(&store.pending(), &response);
                store.perform(acknowledgement.writes);
            }
        }
    }

    /// Pulls up to `pages` pages of at most `limit` entries, as a pass does; fewer pages
    /// than needed is a pull cut off (the laptop closed), which the next one resumes.
    fn pull(&mut self, c: usize, limit: usize, pages: usize) {
        for _ in 0..pages {
            let asked_from = self.clients[c].store.position.clone();
            let response = self.server.pull(&asked_from.request(limit as u32));
            if !self.clients[c].store.apply_pull(&asked_from, &response) {
                return;
            }
        }
    }

    /// The local record `k` of client `c` as this device shows it, if any.
    fn shown(&self, c: usize, k: usize) -> Option<Activity> {
        let client = &self.clients[c];
        if client.created.is_empty() {
            return None;
        }
        let id = client.created[k % client.created.len()];
        client.store.records.get(&id).cloned()
    }

    fn run(&mut self, action: &Action) {
        match action {
            Action::Create(c) => {
                let client = &mut self.clients[*c];
                client.counter += 1;
                let deputy = client.actor.deputy.map(|d| d.as_uuid().as_u128()).unwrap_or(1);
                let id = (*c as u128 + 1) << 64 | client.counter;
                let mut activity =
                    support::record(id, ActivityKind::Inspection, "2024-05-01", &[deputy], Review::Pending);
                // As the app does: a deputy proposes what they save; staff entries have no proposer.
                activity.proposed_by = client.actor.deputy;
                client.created.push(activity.id);
                client.store.queue(client::save(None, activity));
            }
            Action::Edit(c, k) => {
                // The app offers editing only of a pending record it shows.
                let Some(shown) = self.shown(*c, *k).filter(|a| a.review == Review::Pending) else {
                    return;
                };
                let mut edited = shown.clone();
                edited.kind = ActivityKind::ThematicResearch;
                edited.date = support::date("2024-06-01");
                self.clients[*c].store.queue(client::save(Some(&shown), edited));
            }
            Action::Withdraw(c, k) => {
                let Some(shown) = self.shown(*c, *k).filter(|a| a.review == Review::Pending) else {
                    return;
                };
                self.clients[*c].store.queue(client::withdraw(&shown));
            }
            Action::Review(k, approve) => {
                let staff = &mut self.clients[STAFF];
                let known: Vec<ActivityId> = staff.store.records.keys().copied().collect();
                if known.is_empty() {
                    return;
                }
                let id = known[k % known.len()];
                let operation = if *approve {
                    Operation::Approve { id }
                } else {
                    Operation::Reject {
                        id,
                        reason: Reason::parse_field("缺少佐证材料", "reason").unwrap(),
                    }
                };
                staff.store.queue(operation);
            }
            Action::Send(c) => {
                let client = &self.clients[*c];
                if let Some(request) = client::next_push(client.id, &client.store.pending(), 3) {
                    self.network.push(Message::Request(*c, request));
                }
            }
            Action::Deliver(i) => self.deliver(*i),
            Action::Drop(i) => {
                if !self.network.is_empty() {
                    let at = i % self.network.len();
                    self.network.remove(at);
                }
            }
            Action::Duplicate(i) => {
                if !self.network.is_empty() {
                    let copy = self.network[i % self.network.len()].clone();
                    self.network.push(copy);
                }
            }
            Action::Pull(c, limit, pages) => self.pull(*c, *limit, *pages),
            Action::CarryOutbox => {
                let exported = self.clients[0].store.pending();
                let second = &mut self.clients[3];
                let (_, writes) = client::import(second.store.next_seq.max(1), &exported);
                second.store.perform(writes);
                second.created.extend(exported.iter().map(|m| m.operation.record()));
            }
            Action::Compact => self.server.compact(),
        }
    }

    /// The network settles: stray messages arrive, then every client pushes until its
    /// outbox is empty and pulls to the end.
    fn settle(&mut self) {
        while !self.network.is_empty() {
            self.deliver(0);
        }
        for _ in 0..100 {
            let mut busy = false;
            for c in 0..self.clients.len() {
                let client = &self.clients[c];
                if let Some(request) = client::next_push(client.id, &client.store.pending(), 3) {
                    busy = true;
                    self.network.push(Message::Request(c, request));
                    self.deliver(self.network.len() - 1);
                    self.deliver(self.network.len() - 1);
                }
            }
            if !busy {
                break;
            }
        }
        for c in 0..self.clients.len() {
            self.pull(c, 2, 1_000);
        }
    }

    /// While changes wait, a client shows its own version of the records they touch.
    fn check_local_versions_shown(&self) -> Result<(), TestCaseError> {
        for client in &self.clients {
            let mut last: BTreeMap<ActivityId, Option<&Activity>> = BTreeMap::new();
            for mutation in client.store.outbox.values() {
                match &mutation.operation {
                    Operation::SaveActivity { activity, .. } => {
                        last.insert(activity.id, Some(activity));
                    }
                    Operation::WithdrawActivity { id, .. } => {
                        last.insert(*id, None);
                    }
                    Operation::Approve { .. } | Operation::Reject { .. } | Operation::AnswerJoint { .. } => {}
                }
            }
            for (id, expected) in last {
                prop_assert_eq!(
                    client.store.records.get(&id),
                    expected,
                    "{:?} shows another version of {:?} than its waiting change",
                    client.id,
                    id
                );
            }
        }
        Ok(())
    }
}

impl World {
    /// After [`World::settle`]: every mutation took effect once and every client holds
    /// exactly the server's records, at the server's head.
    fn check_converged(&self) -> Result<(), TestCaseError> {
        prop_assert_eq!(
            self.server.history.len(),
            self.server.applied,
            "one history line per applied change"
        );
        for client in &self.clients {
            prop_assert!(client.store.outbox.is_empty(), "outbox of {:?} not empty", client.id);
            for seq in 1..client.store.next_seq {
                prop_assert_eq!(
                    self.server.effects.get(&(client.id, seq)).copied(),
                    Some(1),
                    "{:?} seq {}",
                    client.id,
                    seq
                );
            }
            prop_assert_eq!(&client.store.position, &PullPosition::Cursor(self.server.next_change));
            prop_assert!(client.store.synced || self.server.next_change == 0);
            prop_assert_eq!(
                &client.store.records,
                &self.server.records,
                "{:?} differs from the server",
                client.id
            );
        }
        Ok(())
    }

    /// Runs `actions`, settles, and checks convergence.
    fn play(actions: &[Action]) -> Result<World, TestCaseError> {
        let mut world = World::new();
        for action in actions {
            world.run(action);
            world.check_local_versions_shown()?;
        }
        world.settle();
        world.check_converged()?;
        Ok(world)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    #[test]
    fn every_mutation_takes_effect_once_and_all_clients_converge(actions in prop::collection::vec(action(), 0..90)) {
        World::play(&actions)?;
    }
}

/// A staff review made while the deputy's answer to her own change is lost on the way: her
/// pull meets the review while the change still waits, and must not pass over it.
fn review_while_an_answer_is_lost(deputy_pulls_first: bool) -> Vec<Action> {
    let mut actions = vec![Action::Create(0), Action::Create(0), Action::Create(0)];
    actions.extend([Action::Send(0), Action::Deliver(0), Action::Deliver(0)]);
    if deputy_pulls_first {
        actions.push(Action::Pull(0, 10, 10));
    }
    // The deputy edits her second record; the server applies it, the answer is lost.
    actions.extend([Action::Edit(0, 1), Action::Send(0), Action::Deliver(0), Action::Drop(0)]);
    // Staff see it and approve it.
    actions.extend([
        Action::Pull(STAFF, 10, 10),
        Action::Review(1, true),
        Action::Send(STAFF),
    ]);
    actions.extend([Action::Deliver(0), Action::Deliver(0)]);
    // The deputy pulls while her edit still waits, two entries a page: the held record is
    // second on its page.
    actions.push(Action::Pull(0, 2, 10));
    actions
}

#[test]
fn a_pull_holds_before_a_waiting_record_so_a_review_made_meanwhile_arrives() {
    let world = World::play(&review_while_an_answer_is_lost(true)).unwrap();
    let second = world.clients[0].created[1];
    assert_eq!(world.clients[0].store.records[&second].review, Review::Approved);
}

#[test]
fn a_snapshot_holds_before_a_waiting_record_and_resumes_there() {
    let world = World::play(&review_while_an_answer_is_lost(false)).unwrap();
    let second = world.clients[0].created[1];
    assert_eq!(world.clients[0].store.records[&second].review, Review::Approved);
}

/// Found by the property test: staff hold a record in their replica and queue a review of
/// it; the deputy withdraws it meanwhile, and the server's log is compacted, so the staff
/// client's next pull is a reset whose snapshot no longer holds the record. Applying that
/// reset while the review waits would keep the record on the staff device for good (the
/// review comes back as a duplicate, and no later entry names the record): the reset waits
/// for the push.
#[test]
fn a_reset_waits_while_changes_wait_so_a_record_deleted_meanwhile_goes() {
    let actions = [
        Action::Create(2),
        Action::Send(2),
        Action::Deliver(0),
        Action::Pull(STAFF, 1, 1),
        Action::Withdraw(2, 0),
        Action::Send(2),
        Action::Review(0, false),
        Action::Deliver(0),
        Action::Deliver(0),
        Action::Deliver(0),
        Action::Send(STAFF),
        Action::Deliver(0),
        Action::Drop(0),
        Action::Compact,
        Action::Pull(STAFF, 1, 1),
    ];
    let world = World::play(&actions).unwrap();
    assert!(world.clients[STAFF].store.records.is_empty());
}

#[test]
fn a_gap_stops_the_batch_and_duplicates_are_answered_without_effect() {
    let mut server = Server::default();
    let actor = Actor {
        account: AccountId::from_u128(1),
        role: Role::Deputy,
        deputy: Some(DeputyId::from_u128(1)),
        scope: lvzhi_domain::staff::StaffScope::everyone(),
    };
    let client = ClientId::from_u128(7);
    let save = |n: u128| Operation::SaveActivity {
        activity: support::record(n, ActivityKind::Inspection, "2024-05-01", &[1], Review::Pending),
        base_revision: 0,
    };
    let mutation = |seq: u64, n: u128| lvzhi_domain::sync::Mutation {
        seq,
        operation: save(n),
    };
    let response = server.push(
        &actor,
        &PushRequest {
            client,
            mutations: vec![mutation(1, 1), mutation(3, 3)],
        },
    );
    assert_eq!((response.last_applied, response.gap_expected), (1, Some(2)));
    let response = server.push(
        &actor,
        &PushRequest {
            client,
            mutations: vec![mutation(3, 3), mutation(2, 2), mutation(1, 1), mutation(2, 2)],
        },
    );
    assert_eq!(response.last_applied, 3);
    assert_eq!(
        response
            .results
            .iter()
            .filter(|r| r.outcome == Outcome::Duplicate)
            .count(),
        1
    );
    assert_eq!(server.records.len(), 3);
    assert!(server.effects.values().all(|n| *n == 1));
}

#[test]
fn a_deputys_edit_after_staff_review_is_a_conflict_carrying_both_versions() {
    let mut server = Server::default();
    let deputy = Actor {
        account: AccountId::from_u128(1),
        role: Role::Deputy,
        deputy: Some(DeputyId::from_u128(1)),
        scope: lvzhi_domain::staff::StaffScope::everyone(),
    };
    let staff = Actor {
        account: AccountId::from_u128(9),
        role: Role::Staff,
        deputy: None,
        scope: lvzhi_domain::staff::StaffScope::everyone(),
    };
    let original = support::record(1, ActivityKind::Inspection, "2024-05-01", &[1], Review::Pending);
    server.push(&deputy, &numbered(1, vec![client::save(None, original.clone())]));
    server.push(
        &staff,
        &PushRequest {
            client: ClientId::from_u128(9),
            mutations: vec![lvzhi_domain::sync::Mutation {
                seq: 1,
                operation: Operation::Approve { id: original.id },
            }],
        },
    );
    let mut edited = original.clone();
    edited.kind = ActivityKind::ThematicResearch;
    let mut shown = original.clone();
    shown.revision = 1;
    let request = numbered(2, vec![client::save(Some(&shown), edited)]);
    let response = server.push(&deputy, &request);
    let acknowledgement = client::acknowledge(&request.mutations, &response);
    let Some(StoreWrite::AddProblems(notable)) = acknowledgement.writes.get(1) else {
        panic!("expected the conflict kept: {acknowledgement:?}");
    };
    assert_eq!(
        acknowledgement.writes.first(),
        Some(&StoreWrite::DeleteMutationsThrough(1)),
        "the conflict is reported, not retried forever"
    );
    match &notable[0].outcome {
        Outcome::Conflict {
            server_version: Some(server_version),
            ..
        } => assert_eq!(server_version.review, Review::Approved),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(
        server.records[&original.id].kind,
        ActivityKind::Inspection,
        "staff's version stands"
    );
    // Another deputy cannot touch it at all.
    let other = Actor {
        account: AccountId::from_u128(2),
        role: Role::Deputy,
        deputy: Some(DeputyId::from_u128(2)),
        scope: lvzhi_domain::staff::StaffScope::everyone(),
    };
    let response = server.push(
        &other,
        &PushRequest {
            client: ClientId::from_u128(3),
            mutations: vec![lvzhi_domain::sync::Mutation {
                seq: 1,
                operation: Operation::WithdrawActivity {
                    id: original.id,
                    base_revision: 2,
                },
            }],
        },
    );
    assert!(matches!(response.results[0].outcome, Outcome::Refused { .. }));
}

#[test]
fn the_same_changes_sent_again_from_another_client_take_no_second_effect() {
    // An outbox exported on one laptop and imported on another (a new client id) is sent
    // again after the first laptop already pushed it: nothing doubles, nothing conflicts.
    let mut server = Server::default();
    let deputy = Actor {
        account: AccountId::from_u128(1),
        role: Role::Deputy,
        deputy: Some(DeputyId::from_u128(1)),
        scope: lvzhi_domain::staff::StaffScope::everyone(),
    };
    let first = support::record(1, ActivityKind::Inspection, "2024-05-01", &[1], Review::Pending);
    let second = support::record(2, ActivityKind::ConstituentVisit, "2024-05-02", &[1], Review::Pending);
    let laptop = numbered(
        1,
        vec![client::save(None, first.clone()), client::save(None, second.clone())],
    );
    let (_, writes) = client::import(1, &laptop.mutations);
    let carried: Vec<Mutation> = writes
        .into_iter()
        .filter_map(|write| match write {
            StoreWrite::PutMutation(mutation) => Some(mutation),
            _ => None,
        })
        .collect();
    server.push(&deputy, &laptop);
    let imported = PushRequest {
        client: ClientId::from_u128(2),
        mutations: carried,
    };
    let response = server.push(&deputy, &imported);
    assert!(
        response
            .results
            .iter()
            .all(|r| r.outcome == Outcome::AlreadyInEffect { revision: 1 }),
        "{response:?}"
    );
    assert_eq!(client::acknowledge(&imported.mutations, &response).problems, 0);
    assert_eq!(server.records.len(), 2);
    assert!(server.records.values().all(|r| r.revision == 1));
    // A different content from the old revision is still a conflict.
    let mut changed = first.clone();
    changed.kind = ActivityKind::ThematicResearch;
    let response = server.push(
        &deputy,
        &PushRequest {
            client: ClientId::from_u128(2),
            mutations: vec![Mutation {
                seq: 3,
                operation: client::save(None, changed),
            }],
        },
    );
    assert!(matches!(response.results[0].outcome, Outcome::Conflict { .. }));
}

/// A push from `client` of `operations` numbered 1, 2, 3…
fn numbered(client: u128, operations: Vec<Operation>) -> PushRequest {
    PushRequest {
        client: ClientId::from_u128(client),
        mutations: operations
            .into_iter()
            .zip(1..)
            .map(|(operation, seq)| Mutation { seq, operation })
            .collect(),
    }
}
