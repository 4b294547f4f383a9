//! End-to-end: the access token never leaks (issue #9). With one token in `config.json` and
//! another typed into the dialog, after a search, a CSV export, a detail panel and a copied
//! link, neither token is in the URL, history state, storage, cookies, console output, the
//! exported file, the copied link, or the page's markup outside the token field.

use cdr_e2e::page::css;
use cdr_e2e::{Session, Setup};
use serde_json::{json, Value};

/// Distinctive, so a hit cannot be a coincidence.
const CONFIG_TOKEN: &str = "cfgTOKEN-7f3a9c-canary-51e2";
const TYPED_TOKEN: &str = "typedTOKEN-b84d20-canary-9c07";

/// Before the app starts: record every console call, every request's Authorization header,
/// every download and every clipboard write.
const RECORD_EVERYTHING: &str = r#"
    window.__console = [];
    for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
        const original = console[level];
        console[level] = function (...args) {
            try {
                window.__console.push(level + ': ' + args.map(a => {
                    if (a instanceof Error) return a.stack || String(a);
                    try { return typeof a === 'string' ? a : JSON.stringify(a); } catch (e) { return String(a); }
                }).join(' '));
            } catch (e) {}
            return original.apply(this, args);
        };
    }
    window.__auth = [];
    const fetchOriginal = window.fetch;
    window.fetch = function (input, init) {
        if (input instanceof Request && input.url.includes('queryCallManualDetailInfo')) window.__auth.push(input.headers.get('Authorization'));
        return fetchOriginal.apply(this, arguments);
    };
    window.__blobs = [];
    const create = URL.createObjectURL;
    URL.createObjectURL = function (blob) { window.__blobs.push(blob); return create.call(URL, blob); };
    HTMLAnchorElement.prototype.click = function () {
        window.__download = this.download;
        window.__blobs[window.__blobs.length - 1].text().then(t => { window.__csv = t; });
    };
    window.__copied = [];
    if (navigator.clipboard) {
        navigator.clipboard.writeText = t => { window.__copied.push(t); return Promise.resolve(); };
    }
"#;

/// Everything the page keeps or shows outside the token field.
const EVERYWHERE: &str = r#"
    const field = document.querySelector('#token-input');
    const saved = field ? field.value : '';
    if (field) field.value = '';
    const markup = document.documentElement.outerHTML;
    if (field) field.value = saved;
    return {
        url: location.href,
        history: JSON.stringify(history.state),
        title: document.title,
        localStorage: JSON.stringify({...localStorage}),
        sessionStorage: JSON.stringify({...sessionStorage}),
        cookies: document.cookie,
        console: window.__console.join('\n'),
        csv: window.__csv || '',
        download: window.__download || '',
        copied: window.__copied.join('\n'),
        markup: markup,
        windowName: window.name,
    };
"#;

#[tokio::test]
async fn the_token_stays_out_of_everything_but_the_request() {
    let s = Session::start(
        Setup::default()
            .sim(&["--token", CONFIG_TOKEN, "--token", TYPED_TOKEN])
            .config("token", json!(CONFIG_TOKEN)),
    )
    .await;
    s.reload_with_init_script(RECORD_EVERYTHING).await;
    let p = s.page();
    p.wait_for_app().await;

    // The configured token is used first.
    p.fill_range("2026-11-20T00:00", "2026-11-28T00:00").await;
    p.search().await;
    p.wait_for_rows().await;
    assert_eq!(
        s.js("return window.__auth[0];").await,
        json!(format!("Bearer {CONFIG_TOKEN}"))
    );

    // Then one typed into the dialog, without "Remember in this tab".
    s.click("form.query .actions button.quiet:last-of-type")
        .await;
    p.wait_for_token_dialog("the dialog").await;
    p.submit_token(TYPED_TOKEN).await;
    s.wait_until(
        "the dialog closed",
        "!document.querySelector('dialog.token-dialog').open",
    )
    .await;
    p.search().await;
    s.wait_until(
        "a search with the typed token",
        &format!("window.__auth.includes('Bearer {TYPED_TOKEN}')"),
    )
    .await;
    p.wait_for_rows().await;

    // Export, copy the link, open a record.
    s.click(css::EXPORT_CSV).await;
    s.wait_until("the CSV", "window.__csv").await;
    s.click(css::COPY_LINK).await;
    s.wait_until("a copied link", "window.__copied.length")
        .await;
    p.open_detail(0).await;
    // Proves the console wrapper records what the page logs.
    s.js("console.log('probe: the wrapper records');").await;

    let seen = s.js(EVERYWHERE).await;
    let Value::Object(places) = seen else {
        panic!("no snapshot: {seen}");
    };
    assert!(
        places["console"]
            .as_str()
            .unwrap_or_default()
            .contains("probe: the wrapper records"),
        "the console wrapper works"
    );
    assert!(places["csv"].as_str().unwrap_or_default().lines().count() > 1);
    assert!(places["markup"]
        .as_str()
        .unwrap_or_default()
        .contains("aside"));
    for (place, value) in &places {
        let text = value
            .as_str()
            .map_or_else(|| value.to_string(), str::to_string);
        for token in [CONFIG_TOKEN, TYPED_TOKEN] {
            assert!(
                !text.contains(token),
                "the token {token} leaked into {place}: {}",
                excerpt(&text, token)
            );
        }
    }
    s.close().await;
}

fn excerpt(text: &str, needle: &str) -> String {
    let at = text.find(needle).unwrap_or(0);
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(80)
        .map_or(0, |(i, _)| i);
    text[start..].chars().take(200).collect()
}
