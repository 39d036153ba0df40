//! JSON messages of the HTTP API that the app and the server both speak.

/// `GET /api/health`, open to anyone: only whether the server can serve. Nothing about
/// the data or the version is given without sign-in (see [`AboutReport`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HealthReport {
    /// `ok` when the database answered, `degraded` otherwise.
    pub status: String,
}

/// `GET /api/about`, for signed-in accounts: the server's version, its schema and what the
/// database holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AboutReport {
    /// The server's version.
    pub version: String,
    /// The database schema version.
    pub schema_version: u32,
    /// Deputies on the roster.
    pub deputies: u64,
    /// Duty activity records.
    pub activities: u64,
    /// Deputy stations.
    pub stations: u64,
    /// Suggestions and bills.
    pub suggestions: u64,
}

/// One of the caller's own sessions (`GET /api/sessions`): where it was opened and when
/// it was last used. The token itself is never shown again.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SessionSummary {
    /// A public id for revoking it (`DELETE /api/sessions/{id}`); not the token.
    pub id: String,
    /// Milliseconds since the Unix epoch.
    pub created_at_millis: i64,
    /// Milliseconds since the Unix epoch.
    pub last_seen_millis: i64,
    /// Milliseconds since the Unix epoch.
    pub expires_at_millis: i64,
    /// The browser's description of itself, shortened.
    pub user_agent: String,
    /// Whether this is the session the request came with.
    pub current: bool,
}

/// The one error envelope every API error is sent in: `{"error": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ErrorEnvelope {
    /// What went wrong.
    pub error: ErrorBody,
}

/// The body of an API error.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ErrorBody {
    /// The HTTP status, repeated for clients that only see the body.
    pub status: u16,
    /// A stable machine-readable code, e.g. `not_found`, `payload_too_large`.
    pub code: String,
    /// A sentence a person can read.
    pub message: String,
    /// The field at fault, when one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The request's id, as in the server's log, on server failures: quote it when
    /// reporting the problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// `POST /api/session`: sign in.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SignInRequest {
    /// The account's login name.
    pub login: String,
    /// The password, sent only over the sign-in request.
    pub password: String,
}

/// Who is signed in, and the token to send as `Authorization: Bearer …`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SignedIn {
    /// The bearer token of the new session.
    pub token: String,
    /// Milliseconds since the Unix epoch.
    pub expires_at_millis: i64,
    /// The account signed in.
    pub account: AccountSummary,
}

/// An account, as its owner and the apps see it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AccountSummary {
    /// The account's id.
    pub id: crate::ids::AccountId,
    /// The login name.
    pub login: String,
    /// The name shown in the interface.
    pub display_name: String,
    /// What the account may do.
    pub role: Role,
    /// The deputy this account belongs to, for deputies.
    #[serde(default)]
    pub deputy: Option<crate::ids::DeputyId>,
    /// For staff, the deputies the account works for (everyone when empty).
    #[serde(default, skip_serializing_if = "crate::staff::StaffScope::is_everyone")]
    pub scope: crate::staff::StaffScope,
    /// For a handling unit's account, the unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<crate::ids::UnitId>,
    /// For staff, whether the account may see a constituent's contact on an opinion item
    /// (every view is audited).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sees_contacts: bool,
}

crate::define_choice!(
    /// What an account may do.
    Role {
        /// A deputy: registers and follows their own duties.
        Deputy = "deputy",
        /// Standing-committee staff: roster, review, suggestions, publication.
        Staff = "staff",
        /// A handling unit (承办单位): answers the suggestions assigned to it.
        Unit = "unit",
    }
);

/// `GET /api/reference`: what a signed-in user's device needs to judge compliance offline —
/// the terms and sessions, the rule sets, the deputy's own record (for a deputy) and the
/// stations to choose from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReferenceData {
    /// The terms of the congress.
    pub terms: Vec<crate::calendar::Term>,
    /// The annual sessions of every term.
    pub sessions: Vec<crate::calendar::AnnualSession>,
    /// The rule sets in force, or once in force.
    pub rule_sets: Vec<crate::rules::RuleSet>,
    /// The signed-in deputy's own record (absent for staff).
    #[serde(default)]
    pub deputy: Option<crate::deputy::Deputy>,
    /// The deputy stations.
    pub stations: Vec<crate::organisation::Station>,
    /// Deputies a deputy often works with (their liaison group, serving today), to name as
    /// co-participants.
    #[serde(default)]
    pub colleagues: Vec<Colleague>,
    /// Every other deputy named with them on a record, to show who proposed a joint record.
    #[serde(default)]
    pub named_with: Vec<Colleague>,
    /// The optional rule sets staff turned on.
    #[serde(default)]
    pub enabled_rule_sets: Vec<String>,
}

impl ReferenceData {
    /// The rule book these rule sets make, with the optional ones staff turned on.
    pub fn rule_book(&self) -> Result<crate::rules::RuleBook, crate::ValidationError> {
        Ok(crate::rules::RuleBook::new(self.rule_sets.clone())?.with_enabled(&self.enabled_rule_sets))
    }

    /// The name of a deputy the device knows (oneself or a colleague).
    pub fn name_of(&self, deputy: crate::ids::DeputyId) -> Option<&str> {
        if let Some(me) = self.deputy.as_ref().filter(|me| me.id == deputy) {
            return Some(me.name.as_str());
        }
        self.colleagues
            .iter()
            .chain(&self.named_with)
            .find(|colleague| colleague.id == deputy)
            .map(|colleague| colleague.name.as_str())
    }
}

/// `POST /api/staff/absences`: staff record half a day of leave or absence. The id is made
/// by the caller, so sending it twice records it once. `GET /api/absences` gives a deputy
/// their own, newest first.
pub type AbsenceRecord = crate::attendance::Absence;

/// `PUT /api/staff/rule-sets/{id}`: turn an optional rule set on or off.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSetSwitch {
    /// Whether it judges deputies.
    pub enabled: bool,
}

/// One deputy's line in a period's standings on a point or duty-day requirement.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StandingRow {
    /// Place in the standings (equal figures share a place).
    pub rank: u32,
    /// The deputy.
    pub deputy: crate::ids::DeputyId,
    /// Their name.
    pub name: String,
    /// Their electoral unit.
    pub electoral_unit: String,
    /// Their figure (half points for points, days for duty days).
    pub score: i64,
    /// The figure as people read it, e.g. `118.5`.
    pub shown: String,
    /// Records that counted.
    pub counted: u32,
    /// The band, for a point requirement with bands.
    pub band: Option<String>,
    /// Their status code.
    pub status: crate::compliance::Status,
}

/// `GET /api/staff/standings`: a period's standings, best first.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Standings {
    /// The rule set and requirement ranked by.
    pub rule_set: String,
    /// The requirement.
    pub requirement: String,
    /// The year.
    pub year: i32,
    /// Up to the end of which quarter (1–4): January–March, …, the whole year.
    pub quarter: u8,
    /// The day the figures are taken on (the quarter's end, or today if earlier).
    pub as_of: crate::date::LocalDate,
    /// One row per deputy judged.
    pub rows: Vec<StandingRow>,
}

/// A fellow deputy, as a choice in a form.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Colleague {
    /// The deputy's id.
    pub id: crate::ids::DeputyId,
    /// The deputy's name.
    pub name: String,
}

/// `POST /api/suggestions`: a deputy submits a suggestion or bill written (perhaps offline)
/// on the device. The id is made on the device, so sending it twice submits it once.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewSuggestion {
    /// Made on the device; sending the same id twice submits once.
    pub id: crate::ids::SuggestionId,
    /// A suggestion or a bill.
    pub kind: crate::suggestion::SuggestionKind,
    /// The title, as typed.
    pub title: String,
    /// The text, as typed.
    pub body: String,
    /// Co-signing deputies (联名), after the lead deputy who submits.
    #[serde(default)]
    pub co_signers: Vec<crate::ids::DeputyId>,
}

/// `POST /api/suggestions/{id}/reply-receipt`: the first evaluation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReplyReceiptRequest {
    /// Satisfied, basically satisfied or unsatisfied with the reply.
    pub satisfaction: crate::suggestion::Satisfaction,
    /// Why, required when unsatisfied.
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /api/suggestions/{id}/promise-receipt`: the second evaluation, for one promised action.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PromiseReceiptRequest {
    /// Position of the action in the suggestion's `promises`, from 0.
    pub index: usize,
    /// Whether the promised action was kept.
    pub fulfilment: crate::suggestion::Fulfilment,
}

/// `GET /api/staff/workspace`: what a staff device keeps to work offline within its scope —
/// the deputies it sees, the groups, the staff accounts (for "entered by X") and the
/// absences of those deputies.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StaffWorkspace {
    /// The account's scope.
    #[serde(default)]
    pub scope: crate::staff::StaffScope,
    /// The deputies in scope.
    pub deputies: Vec<crate::deputy::Deputy>,
    /// Every liaison and professional group.
    pub groups: Vec<crate::organisation::Group>,
    /// Staff accounts by id and name.
    pub staff: Vec<StaffName>,
    /// The absences of the deputies in scope.
    pub absences: Vec<crate::attendance::Absence>,
    /// Training classes, newest first.
    #[serde(default)]
    pub trainings: Vec<crate::organisation::Training>,
    /// The latest roster imports and previews, newest first.
    #[serde(default)]
    pub imports: Vec<ImportLogEntry>,
    /// Every deputy station, by district.
    #[serde(default)]
    pub stations: Vec<crate::organisation::Station>,
    /// The optional rule sets staff turned on (newer than the reference data a device holds).
    #[serde(default)]
    pub enabled_rule_sets: Vec<String>,
}

/// A problem in one row of a file staff import, as a preview lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportProblem {
    /// The line (a spreadsheet's row), the header being 1.
    pub line: u64,
    /// The column's header name, when one column is at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The column's letter as a spreadsheet shows it (A, B, …), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// What is wrong.
    pub message: String,
}

/// What a roster file holds and what importing it does: the answer of
/// `POST /api/staff/roster/preview` (nothing written) and `…/import` (`applied`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RosterReport {
    /// The file's name as uploaded.
    pub file: String,
    /// `csv` or `xlsx`.
    pub format: String,
    /// How the text was read: `utf-8`, `utf-8-bom` or `gbk` (a CSV saved by Chinese Excel).
    pub encoding: String,
    /// Rows in the file, the header not counted.
    pub rows: u64,
    /// Deputies in its good rows.
    pub deputies: u64,
    /// Deputies not on the roster yet.
    pub new: u64,
    /// Deputies whose entry changes.
    pub changed: u64,
    /// Deputies already stored exactly so.
    pub unchanged: u64,
    /// Every bad row, in line order.
    pub problems: Vec<ImportProblem>,
    /// Whether the import was written (false for a preview, or a refused import).
    pub applied: bool,
}

/// One roster preview or import, for the console's home.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportLogEntry {
    /// The file's name.
    pub file: String,
    /// When, in milliseconds since the epoch.
    pub at_millis: i64,
    /// Rows in the file.
    pub rows: u64,
    /// Bad rows found.
    pub problems: u64,
    /// Whether it was imported.
    pub applied: bool,
}

/// The answer of `PUT /api/staff/trainings/{id}`: the class as stored, and how many
/// registrations its attendance made and withdrew.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TrainingSaved {
    /// The class.
    pub training: crate::organisation::Training,
    /// Attendees newly given an approved training registration.
    pub registered: u32,
    /// Registrations withdrawn from attendees removed.
    pub withdrawn: u32,
}

/// A staff account's id and name, to show who entered or reviewed a record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StaffName {
    /// The account.
    pub id: crate::ids::AccountId,
    /// Its display name.
    pub name: String,
}

/// `POST /api/staff/snapshot`: the next page of a staff device's first load, answered as the
/// packed binary form of activities (`lvzhi_domain::packed`), its cursor in headers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BulkRequest {
    /// Where to continue; none for the first page.
    #[serde(default)]
    pub snapshot: Option<crate::sync::SnapshotCursor>,
    /// Records per page (1 to 20,000).
    pub limit: u32,
}

/// Headers of a packed snapshot page.
pub mod bulk_headers {
    /// The change-log position the snapshot was taken at.
    pub const AT: &str = "x-lvzhi-snapshot-at";
    /// The last record id of this page, when more pages follow.
    pub const AFTER: &str = "x-lvzhi-snapshot-after";
    /// How many records the whole snapshot holds (first page only).
    pub const TOTAL: &str = "x-lvzhi-snapshot-total";
}

/// `GET /api/handling`: what a staff or unit account handles, for the console to keep
/// offline — the units, the handling rules, the suggestions and opinion items it may see,
/// and the names of the deputies they name.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HandlingWorkspace {
    /// Every handling unit.
    pub units: Vec<crate::handling::HandlingUnit>,
    /// The rules for due dates and bounds.
    pub rules: Option<crate::handling::HandlingRules>,
    /// The suggestions, newest first.
    pub suggestions: Vec<crate::suggestion::Suggestion>,
    /// The opinion items, newest first.
    pub opinions: Vec<OpinionView>,
    /// Names of the deputies the suggestions and items name.
    pub deputy_names: Vec<Colleague>,
}

/// An opinion item as staff and units see it: never the contact itself, only whether there is one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OpinionView {
    /// The item, without its contact.
    pub item: crate::opinion::OpinionItem,
    /// Whether the constituent left a contact (shown on request, to allowed staff, audited).
    pub has_contact: bool,
    /// Its handling.
    pub handling: crate::opinion::OpinionHandling,
}

/// `POST /api/handling/suggestions/{id}/steps`: one step, with an id made by the device so
/// that sending it twice takes it once.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepRequest {
    /// Made by the device.
    pub step_id: crate::ids::StepId,
    /// The step.
    pub step: crate::handling::HandlingStep,
}

/// `POST /api/handling/opinions/{id}/steps`: one step on an opinion item.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpinionStepRequest {
    /// Made by the device.
    pub step_id: crate::ids::StepId,
    /// The step.
    pub step: crate::opinion::OpinionStep,
}

/// `GET /api/staff/opinions/{id}/contact`: the constituent's contact, for staff allowed to
/// see it; the view is written to the audit log.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ContactReveal {
    /// The contact as the deputy wrote it.
    pub contact: String,
}

/// `GET /api/staff/suggestions/{id}/earlier`: an earlier suggestion on the same matter.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EarlierSuggestion {
    /// Its id.
    pub id: crate::ids::SuggestionId,
    /// Its title.
    pub title: String,
    /// The day it was submitted.
    pub submitted_on: Option<crate::date::LocalDate>,
    /// Where it got to.
    pub stage: crate::suggestion::HandlingStage,
    /// The units that handled it.
    pub units: Vec<String>,
    /// The lead deputy's name.
    pub deputy: String,
    /// The last receipt on a reply.
    pub satisfaction: Option<crate::suggestion::Satisfaction>,
    /// How alike, from 0 to 1.
    pub score: f64,
    /// Whether staff linked it.
    pub linked: bool,
}

/// `GET /api/opinions/handling`: where each of a deputy's items stands.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OpinionStatusLine {
    /// The item.
    pub id: crate::ids::OpinionId,
    /// Its handling.
    pub handling: crate::opinion::OpinionHandling,
}

/// `POST /api/staff/suggestions`: staff register a suggestion a deputy handed them on paper
/// (national deputies served by the city give theirs to its office); it is submitted at once,
/// led by that deputy. The id is made by the console, so sending it twice registers it once.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffSuggestion {
    /// Made by the console.
    pub id: crate::ids::SuggestionId,
    /// The deputy who made it.
    pub deputy: crate::ids::DeputyId,
    /// A suggestion or a bill.
    pub kind: crate::suggestion::SuggestionKind,
    /// The title, as typed.
    pub title: String,
    /// The text, as typed.
    pub body: String,
}
