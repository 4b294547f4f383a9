//! End-to-end: the chosen language all the way (issue #21). A browser whose language is
//! zh-CN gets a Chinese page (`<html lang="zh-CN">`, a Chinese tab title, the tenant's
//! Chinese satisfaction labels, Chinese export headers), an en-US one an English page; the
//! language switch changes all of it both ways, and in every state walked no visible or
//! announced text (text, `aria-label`, `title`, `placeholder`, `alt`, the tab title) is in
//! the other language. axe-core finds nothing in either language.

use cdr_e2e::page::css;
use cdr_e2e::{Engine, Session, Setup};
use serde_json::{json, Value};

/// Every text the page shows or announces, one entry each: the tab's title, visible text
/// (the `<select>`s' options included), and the accessible names and hints.
const ANNOUNCED: &str = "
    const out = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const text = walker.currentNode.textContent.trim();
        if (text && !walker.currentNode.parentElement.closest('script, style, noscript')) {
            out.push(text);
        }
    }
    for (const e of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
        for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
            const v = e.getAttribute(a);
            if (v) out.push(v);
        }
    }
    return out;";

/// Latin words a Chinese page may hold: names the Chinese catalogue keeps (`ID`, `VDN`,
/// `CSV`, `Excel` and its `.xlsx`, the API's `tokenByAkSk` and `Bearer`, `config.json`'s own key names), the zone's
/// name (`UTC`, data), the language switch's name for English, and the tenant's level "3",
/// which [`setup`] labels in English only (so it falls back to English by design).
const LATIN_IN_CHINESE: &[&str] = &[
    "ID",
    "VDN",
    "CSV",
    "Excel",
    "xlsx",
    "UTC",
    "tokenByAkSk",
    "Bearer",
    "config",
    "json",
    "pageSize",
    "English",
    "Neutral",
];

/// The tenant's satisfaction levels in both languages, one in English only; and a
/// `config.json` problem (`pageSize` 7), so the config-problem banner is walked too.
fn setup(browser_language: &str) -> Setup {
    Setup::default()
        .browser_language(browser_language)
        .config(
            "evaluationLabels",
            json!({
                "1": { "en": "Very dissatisfied", "zh-CN": "非常不满意" },
                "5": { "en": "Very satisfied", "zh-CN": "非常满意" },
                "3": { "en": "Neutral" },
            }),
        )
        .config("pageSize", json!(7))
}

fn strings(value: Value) -> Vec<String> {
    match value {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// English words (two Latin letters or more, outside [`LATIN_IN_CHINESE`]) in `texts`.
fn english(texts: Vec<String>) -> Vec<String> {
    texts
        .into_iter()
        .filter(|text| {
            text.split(|c: char| !c.is_ascii_alphabetic())
                .any(|word| word.len() >= 2 && !LATIN_IN_CHINESE.contains(&word))
        })
        .collect()
}

/// Chinese characters in `texts`, except the switch's own "中文".
fn chinese(texts: Vec<String>) -> Vec<String> {
    texts
        .into_iter()
        .filter(|text| {
            text != "中文"
                && text.chars().any(|c| {
                    ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
                })
        })
        .collect()
}

async fn assert_all(s: &Session, tag: &str, state: &str) {
    let texts = strings(s.js(ANNOUNCED).await);
    assert!(
        texts.len() > 10,
        "{state}: too little text walked: {texts:?}"
    );
    let stray = if tag == "zh-CN" {
        english(texts)
    } else {
        chinese(texts)
    };
    assert!(
        stray.is_empty(),
        "other-language text in the {tag} page, {state}: {stray:?}"
    );
    assert_eq!(lang(s).await, tag, "{state}: <html lang>");
    let title = string(s, "return document.title;").await;
    let expected = if tag == "zh-CN" {
        "话单浏览器"
    } else {
        "CDR Explorer"
    };
    assert_eq!(title, expected, "{state}: the tab's title");
}

async fn assert_no_violations(s: &Session, state: &str) {
    let violations = s.axe_violations().await;
    assert!(
        violations.is_empty(),
        "axe-core, {state}:\n{}",
        violations.join("\n")
    );
}

async fn string(s: &Session, script: &str) -> String {
    s.js(script).await.as_str().unwrap_or_default().to_string()
}

async fn lang(s: &Session) -> String {
    string(s, "return document.documentElement.lang;").await
}

async fn switch_to(s: &Session, tag: &str) {
    s.page().set_language(tag).await;
    s.wait_until(
        "the page's language",
        &format!("document.documentElement.lang === {}", json!(tag)),
    )
    .await;
}

async fn satisfaction_options(s: &Session) -> Vec<String> {
    strings(
        s.js("return [...document.querySelectorAll('#evaluation-value option')].map(o => o.textContent);")
            .await,
    )
}

/// Records the next download's text in `window.__csv` instead of saving it.
const CAPTURE_DOWNLOADS: &str = r#"
    window.__csv = null;
    const create = URL.createObjectURL;
    URL.createObjectURL = function (blob) { blob.text().then(t => { window.__csv = t; }); return create.call(this, blob); };
    HTMLAnchorElement.prototype.click = function () {};
"#;

/// The exported CSV's header line.
async fn export_header(s: &Session) -> String {
    s.js(CAPTURE_DOWNLOADS).await;
    s.click(css::EXPORT_CSV).await;
    let csv = s.wait_until("the CSV", "window.__csv").await;
    csv.as_str()
        .unwrap_or_default()
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Walks every state of the page in language `tag`: the form with the config banner, the
/// results and the export, the detail panel, the summary, the token dialog.
async fn walk(s: &Session, tag: &str, when: &str) {
    let p = s.page();
    assert_all(s, tag, &format!("{when}, results")).await;
    let header = export_header(s).await;
    let stray = if tag == "zh-CN" {
        english(vec![header.clone()])
    } else {
        chinese(vec![header.clone()])
    };
    assert!(stray.is_empty(), "{tag} export header, {when}: {header}");

    p.open_detail(0).await;
    assert_all(s, tag, &format!("{when}, detail panel")).await;
    s.client
        .active_element()
        .await
        .expect("focus")
        .send_keys(&fantoccini::key::Key::Escape.to_string())
        .await
        .expect("Escape");
    p.wait_for_detail_closed().await;

    p.show_summary().await;
    assert_all(s, tag, &format!("{when}, summary")).await;
    p.show_table().await;
    p.wait_for_rows().await;

    // The header's "Access token…" button: the form's last quiet button.
    s.run_in_page("[...document.querySelectorAll('form.query button.quiet')].at(-1).click();")
        .await;
    p.wait_for_token_dialog("the token dialog").await;
    assert_all(s, tag, &format!("{when}, token dialog")).await;
    s.run_in_page("document.querySelector('dialog.token-dialog').close();")
        .await;
}

async fn search(s: &Session) {
    let p = s.page();
    p.fill_range("2026-11-20T00:00", "2026-11-28T00:00").await;
    p.search().await;
    p.wait_for_rows().await;
}

#[tokio::test]
async fn chinese_browser_gets_a_chinese_page_and_the_switch_works_both_ways() {
    // The browser's language is set at its start: Chromium's `--lang` and Firefox's
    // preference do it; WebKitGTK's MiniBrowser has no such option.
    if Engine::from_env() == Engine::Webkit
        && Engine::Webkit.skip_unless(Engine::Chromium, "no way to set MiniBrowser's language")
    {
        return;
    }
    let s = Session::start(setup("zh-CN")).await;
    assert_eq!(
        s.js("return navigator.language;").await,
        json!("zh-CN"),
        "the harness' browser language"
    );
    assert_all(&s, "zh-CN", "empty form").await;
    s.wait_for("#config-banner").await;
    assert_all(&s, "zh-CN", "the config-problem banner").await;
    let options = satisfaction_options(&s).await;
    assert!(options.contains(&"非常满意".to_string()), "{options:?}");
    // A level given in English only falls back to it.
    assert!(options.contains(&"Neutral".to_string()), "{options:?}");
    assert!(
        !options.contains(&"Very satisfied".to_string()),
        "{options:?}"
    );
    assert_no_violations(&s, "zh-CN empty form").await;

    search(&s).await;
    walk(&s, "zh-CN", "after a search").await;
    assert_no_violations(&s, "zh-CN results").await;

    switch_to(&s, "en").await;
    walk(&s, "en", "switched to English").await;
    assert_no_violations(&s, "English results after the switch").await;
    let options = satisfaction_options(&s).await;
    assert!(
        options.contains(&"Very satisfied".to_string()),
        "{options:?}"
    );

    switch_to(&s, "zh-CN").await;
    walk(&s, "zh-CN", "switched back to Chinese").await;
    s.close().await;
}

#[tokio::test]
async fn english_browser_gets_an_english_page_and_the_switch_works_both_ways() {
    // The browser's language is set at its start: Chromium's `--lang` and Firefox's
    // preference do it; WebKitGTK's MiniBrowser has no such option.
    if Engine::from_env() == Engine::Webkit
        && Engine::Webkit.skip_unless(Engine::Chromium, "no way to set MiniBrowser's language")
    {
        return;
    }
    let s = Session::start(setup("en-US")).await;
    assert_eq!(s.js("return navigator.language;").await, json!("en-US"));
    s.wait_for("#config-banner").await;
    assert_all(&s, "en", "empty form").await;
    assert_no_violations(&s, "English empty form").await;

    switch_to(&s, "zh-CN").await;
    assert_all(&s, "zh-CN", "empty form after switching").await;
    assert_no_violations(&s, "Chinese empty form").await;
    search(&s).await;
    walk(&s, "zh-CN", "after a search in Chinese").await;

    switch_to(&s, "en").await;
    walk(&s, "en", "switched back to English").await;
    s.close().await;
}
