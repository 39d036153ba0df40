//! A model-based test of the sync protocol: three deputies' clients and a staff client, one
//! server, and a network that drops, duplicates and reorders messages. Whatever happens,
//! once the network settles every mutation has taken effect exactly once and every client
//! holds exactly the server's records.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::{BTreeMap, HashMap};

use lvzhi_domain::activity::{Activity, ActivityKind, Review};
use lvzhi_domain::api::Role;
use lvzhi_domain::ids::{AccountId, ActivityId, ClientId, DeputyId};
use lvzhi_domain::sync::client::{Outbox, Replica};
use lvzhi_domain::sync::server::{Actor, SyncStore, process_push};
use lvzhi_domain::sync::{Change, ChangeEntry, Operation, Outcome, PullResponse, PushRequest, PushResponse};
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
            if result.outcome != Outcome::Duplicate {
                *self.effects.entry((request.client, result.seq)).or_default() += 1;
            }
        }
        response
    }

    fn pull(&self, cursor: Option<u64>, limit: usize) -> PullResponse {
        let reset = match cursor {
            None => true,
            Some(c) => c < self.compacted_through || c > self.next_change,
        };
        if reset {
            let entries = self
                .records
                .values()
                .map(|activity| ChangeEntry {
                    seq: self.next_change,
                    change: Change::Upsert {
                        activity: activity.clone(),
                    },
                })
                .collect();
            return PullResponse {
                reset: true,
                snapshot: None,
                entries,
                cursor: self.next_change,
                more: false,
            };
        }
        let after = cursor.unwrap_or(0);
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

    fn compact(&mut self) {
        self.log.clear();
        self.compacted_through = self.next_change;
    }
}

struct Client {
    actor: Actor,
    outbox: Outbox,
    replica: Replica,
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
    Pull(usize, usize),
    Compact,
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        3 => (0..3usize).prop_map(Action::Create),
        2 => (0..3usize, any::<usize>()).prop_map(|(c, k)| Action::Edit(c, k)),
        1 => (0..3usize, any::<usize>()).prop_map(|(c, k)| Action::Withdraw(c, k)),
        2 => (any::<usize>(), any::<bool>()).prop_map(|(k, ok)| Action::Review(k, ok)),
        3 => (0..4usize).prop_map(Action::Send),
        4 => any::<usize>().prop_map(Action::Deliver),
        1 => any::<usize>().prop_map(Action::Drop),
        1 => any::<usize>().prop_map(Action::Duplicate),
        2 => (0..4usize, 1..5usize).prop_map(|(c, l)| Action::Pull(c, l)),
        1 => Just(Action::Compact),
    ]
}

enum Message {
    Request(usize, PushRequest),
    Response(usize, PushResponse),
}

impl Clone for Message {
    fn clone(&self) -> Self {
        match self {
            Message::Request(c, r) => Message::Request(*c, r.clone()),
            Message::Response(c, r) => Message::Response(*c, r.clone()),
        }
    }
}

struct World {
    server: Server,
    clients: Vec<Client>,
    network: Vec<Message>,
}

impl World {
    fn new() -> Self {
        let mut clients: Vec<Client> = (1..=3u128)
            .map(|n| Client {
                actor: Actor {
                    account: AccountId::from_u128(n),
                    role: Role::Deputy,
                    deputy: Some(DeputyId::from_u128(n)),
                },
                outbox: Outbox::new(ClientId::from_u128(100 + n)),
                replica: Replica::default(),
                created: Vec::new(),
                counter: 0,
            })
            .collect();
        clients.push(Client {
            actor: Actor {
                account: AccountId::from_u128(9),
                role: Role::Staff,
                deputy: None,
            },
            outbox: Outbox::new(ClientId::from_u128(109)),
            replica: Replica::default(),
            created: Vec::new(),
            counter: 0,
        });
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
                self.clients[client].outbox.acknowledge(&response);
            }
        }
    }

    fn pull_all_pages(&mut self, client: usize, limit: usize) {
        for _ in 0..1000 {
            let response = self.server.pull(self.clients[client].replica.cursor, limit);
            self.clients[client].replica.apply_pull(&response);
            if !response.more {
                break;
            }
        }
    }

    fn run(&mut self, action: &Action) {
        match action {
            Action::Create(c) => {
                let client = &mut self.clients[*c];
                client.counter += 1;
                let deputy = client.actor.deputy.map(|d| d.as_uuid().as_u128()).unwrap_or(1);
                let id = (*c as u128 + 1) << 64 | client.counter;
                let activity = support::record(id, ActivityKind::Inspection, "2024-05-01", &[deputy], Review::Pending);
                client.created.push(activity.id);
                client.outbox.enqueue(Operation::SaveActivity {
                    activity,
                    base_revision: 0,
                });
            }
            Action::Edit(c, k) | Action::Withdraw(c, k) => {
                let client = &mut self.clients[*c];
                if client.created.is_empty() {
                    return;
                }
                let id = client.created[k % client.created.len()];
                let seen = client.replica.records.get(&id).map_or(0, |a| a.revision);
                let base_revision = client.outbox.predicted_revision(id, seen);
                if let Action::Edit(..) = action {
                    let mut activity = support::record(
                        id.as_uuid().as_u128(),
                        ActivityKind::ThematicResearch,
                        "2024-06-01",
                        &[*c as u128 + 1],
                        Review::Pending,
                    );
                    activity.revision = base_revision;
                    client.outbox.enqueue(Operation::SaveActivity {
                        activity,
                        base_revision,
                    });
                } else {
                    client.outbox.enqueue(Operation::WithdrawActivity { id, base_revision });
                }
            }
            Action::Review(k, approve) => {
                let staff = &mut self.clients[3];
                let known: Vec<ActivityId> = staff.replica.records.keys().copied().collect();
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
                staff.outbox.enqueue(operation);
            }
            Action::Send(c) => {
                if let Some(request) = self.clients[*c].outbox.next_push(3) {
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
            Action::Pull(c, limit) => self.pull_all_pages(*c, *limit),
            Action::Compact => self.server.compact(),
        }
    }

    /// The network settles: stray messages arrive, then every client pushes until its
    /// outbox is empty and pulls.
    fn settle(&mut self) {
        while !self.network.is_empty() {
            self.deliver(0);
        }
        for _ in 0..100 {
            let mut busy = false;
            for c in 0..self.clients.len() {
                if let Some(request) = self.clients[c].outbox.next_push(3) {
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
            self.pull_all_pages(c, 2);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_mutation_takes_effect_once_and_all_clients_converge(actions in prop::collection::vec(action(), 0..80)) {
        let mut world = World::new();
        for action in &actions {
            world.run(action);
        }
        world.settle();
        for client in &world.clients {
            prop_assert!(client.outbox.pending.is_empty(), "outbox of {:?} not empty", client.outbox.client);
            for seq in 1..client.outbox.next_seq {
                prop_assert_eq!(world.server.effects.get(&(client.outbox.client, seq)).copied(), Some(1), "{:?} seq {}", client.outbox.client, seq);
            }
            prop_assert_eq!(&client.replica.records, &world.server.records);
        }
    }
}

#[test]
fn a_gap_stops_the_batch_and_duplicates_are_answered_without_effect() {
    let mut server = Server::default();
    let actor = Actor {
        account: AccountId::from_u128(1),
        role: Role::Deputy,
        deputy: Some(DeputyId::from_u128(1)),
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
    };
    let staff = Actor {
        account: AccountId::from_u128(9),
        role: Role::Staff,
        deputy: None,
    };
    let original = support::record(1, ActivityKind::Inspection, "2024-05-01", &[1], Review::Pending);
    let mut outbox = Outbox::new(ClientId::from_u128(1));
    outbox.enqueue(Operation::SaveActivity {
        activity: original.clone(),
        base_revision: 0,
    });
    server.push(&deputy, &outbox.next_push(10).unwrap());
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
    let mut outbox = Outbox::new(ClientId::from_u128(2));
    outbox.enqueue(Operation::SaveActivity {
        activity: edited,
        base_revision: 1,
    });
    let response = server.push(&deputy, &outbox.next_push(10).unwrap());
    let notable = outbox.acknowledge(&response);
    match &notable[0].outcome {
        Outcome::Conflict {
            server_version: Some(server_version),
            ..
        } => assert_eq!(server_version.review, Review::Approved),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert!(
        outbox.pending.is_empty(),
        "the conflict is reported, not retried forever"
    );
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
    };
    let first = support::record(1, ActivityKind::Inspection, "2024-05-01", &[1], Review::Pending);
    let second = support::record(2, ActivityKind::ConstituentVisit, "2024-05-02", &[1], Review::Pending);
    let mut laptop = Outbox::new(ClientId::from_u128(1));
    for record in [&first, &second] {
        laptop.enqueue(Operation::SaveActivity {
            activity: record.clone(),
            base_revision: 0,
        });
    }
    let mut imported = laptop.clone();
    imported.client = ClientId::from_u128(2);
    server.push(&deputy, &laptop.next_push(10).unwrap());
    let response = server.push(&deputy, &imported.next_push(10).unwrap());
    assert!(
        response
            .results
            .iter()
            .all(|r| r.outcome == Outcome::AlreadyInEffect { revision: 1 }),
        "{response:?}"
    );
    assert!(imported.acknowledge(&response).is_empty());
    assert_eq!(server.records.len(), 2);
    assert!(server.records.values().all(|r| r.revision == 1));
    // A different content from the old revision is still a conflict.
    let mut changed = first.clone();
    changed.kind = ActivityKind::ThematicResearch;
    imported.enqueue(Operation::SaveActivity {
        activity: changed,
        base_revision: 0,
    });
    let response = server.push(&deputy, &imported.next_push(10).unwrap());
    assert!(matches!(response.results[0].outcome, Outcome::Conflict { .. }));
}
