//! The sync protocol: messages and state machines, shared by the app (client side) and the
//! server. Transport (fetch, HTTP handlers, IndexedDB, SQLite) lives elsewhere.
//!
//! ## Push (client → server)
//! Each client has a [`ClientId`](crate::ids::ClientId). Every local change becomes a
//! [`Mutation`] with the next sequence number of that client, stored in the outbox in the
//! same IndexedDB transaction as the record. A push sends outbox mutations in order. The
//! server ([`server::process_push`]) handles them in order: a sequence number at or below
//! the client's last applied one is a duplicate (answered, not applied again); the next one
//! is applied — or refused with a reason the user sees, which still advances the sequence
//! so later mutations are not blocked; a number beyond the next one is a gap, and the server
//! stops there. It stores the client's last applied number in the same database transaction
//! as the effects, so a retry after a lost answer or a crash doubles nothing.
//!
//! ## Pull (server → client)
//! The server keeps a change log whose sequence follows commit order. The client asks for
//! changes after its cursor, stores them, and only then moves the cursor
//! ([`client::apply_pull`]). A cursor the log no longer covers (or one from another server)
//! gets `reset: true` and a snapshot, in pages with a [`SnapshotCursor`]. An entry for a
//! record whose local change still waits is held back: the pull stops before it and resumes
//! there after the next push. A reset is held whole while any local change waits (its
//! snapshot cannot say that a record was deleted meanwhile): the device pushes first.
//!
//! The client's whole algorithm is [`client`]: pure steps that return the store writes to
//! perform in one transaction. The app's IndexedDB adapter and the model test both run it.
//!
//! ## Conflicts (the server decides)
//! A deputy may edit or withdraw their own record only while it is pending review, and only
//! from the revision they last saw (`base_revision`). If staff changed the record meanwhile,
//! the deputy's edit is not applied and not dropped: the answer is a
//! [`Outcome::Conflict`] carrying the server's version, which the app shows beside the
//! deputy's own so they can redo it. Staff decisions (approve / reject) always win.
//! A save from an old revision whose content equals the server's is answered
//! [`Outcome::AlreadyInEffect`]: the same change arriving again from another client (an
//! outbox exported and imported elsewhere) takes no second effect and raises no conflict.

pub mod client;
pub mod messages;
pub mod server;

pub use messages::*;
