//! `/staff/roster`: the roster (代表名册). A CSV or XLSX file is sent to the server, which
//! reads it (calamine stays out of this download) and answers a preview: what would be
//! added and changed, and every bad row with its line, column and cell. Nothing is
//! imported until the file is clean, or the user takes only the good rows. The roster in
//! scope exports as CSV or XLSX, written by the server. Needs the network.

use leptos::prelude::*;
use lvzhi_client::error::AppError;
use lvzhi_client::i18n::use_i18n;
use lvzhi_client::session::use_session;
use lvzhi_client::sync::use_sync;
use lvzhi_domain::api::RosterReport;
use wasm_bindgen::JsCast;

use crate::i18n::{StaffMsg, fill, ts};

/// The file chosen, kept for the import after its preview.
#[derive(Clone)]
struct Chosen {
    name: String,
    bytes: std::sync::Arc<Vec<u8>>,
}

fn query_name(name: &str) -> String {
    js_sys::encode_uri_component(name).as_string().unwrap_or_default()
}

#[component]
pub fn RosterPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let sync = use_sync();
    let data = crate::data::use_staff_data();
    let chosen = RwSignal::new(None::<Chosen>);
    let report = RwSignal::new(None::<RosterReport>);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let token = move || session.session.get_untracked().map(|s| s.token);
    let fail = move |e: AppError| error.set(Some(e.describe(i18n.lang.get_untracked())));

    let send = move |file: Chosen, import: Option<bool>| {
        let Some(token) = token() else { return };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let lang = i18n.lang.get_untracked().code();
            let path = match import {
                None => format!("/api/staff/roster/preview?file={}&lang={lang}", query_name(&file.name)),
                Some(good_rows) => format!(
                    "/api/staff/roster/import?file={}&good_rows={good_rows}&lang={lang}",
                    query_name(&file.name)
                ),
            };
            match lvzhi_client::api::post_bytes_for_json::<RosterReport>(&path, &file.bytes, &token).await {
                Ok(answer) => {
                    // The workspace (its deputies, the import log home counts) changed: the
                    // next pass fetches it.
                    lvzhi_client::sync::request_sync(sync);
                    report.set(Some(answer));
                }
                Err(e) => fail(e.into()),
            }
            busy.set(false);
        });
    };
    let on_file = move |event: leptos::ev::Event| {
        let Some(input) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        let name = file.name();
        report.set(None);
        leptos::task::spawn_local(async move {
            match gloo_file::futures::read_as_bytes(&gloo_file::File::from(file)).await {
                Ok(bytes) => {
                    let file = Chosen {
                        name,
                        bytes: std::sync::Arc::new(bytes),
                    };
                    chosen.set(Some(file.clone()));
                    send(file, None);
                }
                Err(e) => error.set(Some(format!(
                    "{}: {e}",
                    StaffMsg::FileUnreadable.text(i18n.lang.get_untracked())
                ))),
            }
        });
    };
    let export = move |xlsx: bool| {
        let Some(token) = token() else { return };
        leptos::task::spawn_local(async move {
            let (path, name, mime) = if xlsx {
                (
                    "/api/staff/roster.xlsx",
                    "roster.xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
            } else {
                ("/api/staff/roster.csv", "roster.csv", "text/csv")
            };
            match lvzhi_client::api::get_bytes(path, &token).await {
                Ok(bytes) => {
                    if let Err(e) = lvzhi_client::download::offer_bytes(name, &bytes, mime) {
                        error.set(Some(e));
                    }
                }
                Err(e) => fail(e.into()),
            }
        });
    };
    view! {
        <section class="card">
            <h1>{ts(i18n, StaffMsg::RosterTitle)}</h1>
            <p class="muted">{ts(i18n, StaffMsg::RosterIntro)}</p>
            <p>
                <label class="button primary" for="roster-file">{ts(i18n, StaffMsg::ChooseFile)}</label>
                <input id="roster-file" class="visually-hidden" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" on:change=on_file/>
                " "
                <button type="button" class="button" id="export-roster-csv" on:click=move |_| export(false)>{ts(i18n, StaffMsg::ExportCsv)}</button>
                " "
                <button type="button" class="button" id="export-roster-xlsx" on:click=move |_| export(true)>{ts(i18n, StaffMsg::ExportXlsx)}</button>
            </p>
            <p class="small muted">{ts(i18n, StaffMsg::RosterDemoFiles)}</p>
            {move || busy.get().then(|| view! { <p role="status">{ts(i18n, StaffMsg::Working)}</p> })}
            {move || error.get().map(|m| view! { <p class="error" role="alert" id="roster-error">{m}</p> })}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let terms = data.await.ok().and_then(|d| d.reference.as_ref().map(|r| r.terms.clone())).unwrap_or_default();
                    view! { <crate::pages::services::ByElectionForm terms/> }
                })}
            </Transition>
            {move || report.get().map(|report| {
                let lang = i18n.lang.get();
                let file = chosen.get();
                let bad = report.problems.len();
                let has_bad = bad != 0;
                let summary = fill(StaffMsg::RosterSummary, lang, &[
                    ("file", &report.file), ("rows", &report.rows.to_string()), ("deputies", &report.deputies.to_string()),
                    ("new", &report.new.to_string()), ("changed", &report.changed.to_string()), ("unchanged", &report.unchanged.to_string()),
                ]);
                let encoding = fill(StaffMsg::ReadAs, lang, &[("encoding", &report.encoding)]);
                view! {
                    <div id="roster-report" data-applied=report.applied.to_string() data-problems=bad.to_string()>
                        <h2>{if report.applied { StaffMsg::Imported.text(lang) } else { StaffMsg::Preview.text(lang) }}</h2>
                        <p id="roster-summary">{summary}</p>
                        <p class="small muted">{encoding}</p>
                        {(bad > 0).then(|| view! {
                            <p class="error" role="alert">{fill(StaffMsg::BadRows, lang, &[("count", &bad.to_string())])}</p>
                            <table class="table" id="roster-problems">
                                <caption class="visually-hidden">{StaffMsg::BadRowsCaption.text(lang)}</caption>
                                <thead><tr>
                                    <th scope="col">{StaffMsg::Line.text(lang)}</th>
                                    <th scope="col">{StaffMsg::Column.text(lang)}</th>
                                    <th scope="col">{StaffMsg::Problem.text(lang)}</th>
                                </tr></thead>
                                <tbody>
                                    {report.problems.iter().take(500).map(|p| view! {
                                        <tr data-line=p.line.to_string() data-column=p.column.clone().unwrap_or_default()>
                                            <td>{p.line}</td>
                                            <td>{match (&p.column, &p.cell) {
                                                (Some(c), Some(cell)) => format!("{c} ({cell})"),
                                                (Some(c), None) => c.clone(),
                                                _ => "—".into(),
                                            }}</td>
                                            <td>{p.message.clone()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        })}
                        {(!report.applied).then(|| file.map(|file| {
                            let all = file.clone();
                            view! {
                                <p>
                                    <button type="button" class="button primary" id="roster-import"
                                        disabled=move || busy.get() || has_bad
                                        on:click=move |_| send(all.clone(), Some(false))>{StaffMsg::ImportFile.text(lang)}</button>
                                    {(bad > 0).then(|| {
                                        let file = file.clone();
                                        view! {
                                            " "
                                            <button type="button" class="button" id="roster-import-good"
                                                disabled=move || busy.get()
                                                on:click=move |_| send(file.clone(), Some(true))>{fill(StaffMsg::ImportGoodRows, lang, &[("count", &bad.to_string())])}</button>
                                        }
                                    })}
                                </p>
                            }
                        }))}
                    </div>
                }
            })}
        </section>
    }
}
