//! Saved (named) and recent searches, kept in the browser's local storage as JSON. A
//! search is stored as its [share link parameters](crate::share::query_to_params), so a
//! saved search and a shared link are the same thing.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::codes::{CallType, MediaType};
use crate::locale::Locale;
use crate::mask::mask_number;
use crate::query::Query;
use crate::time::{format_ms, Zone};

/// How many recent searches are kept.
pub const RECENT_LIMIT: usize = 10;
/// How many named searches are kept; saving one more drops the oldest.
pub const NAMED_LIMIT: usize = 50;
/// Longest search name, in characters; longer names are cut.
pub const NAME_MAX_CHARS: usize = 80;

/// A search the user named.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSearch {
    /// The name shown in the list.
    pub name: String,
    /// The search, as [`query_to_params`](crate::share::query_to_params) writes it.
    pub params: String,
}

/// Named searches (oldest first) and recent ones (most recent first).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSearches {
    /// Named searches, in the order they were first saved.
    pub named: Vec<SavedSearch>,
    /// Recent searches' parameters, most recent first, no repeats.
    pub recent: Vec<String>,
}

/// A name as stored: trimmed and cut to [`NAME_MAX_CHARS`] characters.
fn clean_name(name: &str) -> String {
    name.trim()
        .chars()
        .take(NAME_MAX_CHARS)
        .collect::<String>()
        .trim_end()
        .to_string()
}

impl SavedSearches {
    /// Reads what [`to_json`](SavedSearches::to_json) wrote, leniently: text that is not
    /// JSON or not an object gives an empty list; entries of the wrong shape, with an empty
    /// name or empty parameters are dropped; the limits and the no-repeat rules are applied
    /// as if each entry were saved again. Never panics.
    pub fn from_json(text: &str) -> SavedSearches {
        let mut out = SavedSearches::default();
        let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text) else {
            return out;
        };
        let str_of = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
        if let Some(Value::Array(named)) = map.get("named") {
            for entry in named {
                if let (Some(name), Some(params)) = (str_of(entry, "name"), str_of(entry, "params"))
                {
                    out.save(&name, &params);
                }
            }
        }
        if let Some(Value::Array(recent)) = map.get("recent") {
            // Stored most recent first: remember the oldest first to keep that order.
            let stored: Vec<&str> = recent.iter().filter_map(Value::as_str).collect();
            for params in stored.into_iter().rev() {
                out.remember_recent(params);
            }
        }
        out
    }

    /// The JSON kept in local storage: `{"named":[{"name":…,"params":…}],"recent":[…]}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| r#"{"named":[],"recent":[]}"#.to_string())
    }

    /// Saves a search under a name (trimmed, cut to [`NAME_MAX_CHARS`] characters). A
    /// search of the same name is replaced where it stands; a new one goes last, and when
    /// there are more than [`NAMED_LIMIT`] the oldest is dropped. An empty name or empty
    /// parameters are ignored.
    pub fn save(&mut self, name: &str, params: &str) {
        let name = clean_name(name);
        let params = params.trim();
        if name.is_empty() || params.is_empty() {
            return;
        }
        if let Some(existing) = self.named.iter_mut().find(|s| s.name == name) {
            existing.params = params.to_string();
            return;
        }
        self.named.push(SavedSearch {
            name,
            params: params.to_string(),
        });
        if self.named.len() > NAMED_LIMIT {
            let excess = self.named.len() - NAMED_LIMIT;
            self.named.drain(..excess);
        }
    }

    /// Deletes the named search (the name is cleaned as in [`save`](SavedSearches::save)).
    pub fn delete(&mut self, name: &str) {
        let name = clean_name(name);
        self.named.retain(|s| s.name != name);
    }

    /// Puts a search first in the recent list, removing an earlier copy of it; keeps at most
    /// [`RECENT_LIMIT`]. Empty parameters are ignored.
    pub fn remember_recent(&mut self, params: &str) {
        let params = params.trim();
        if params.is_empty() {
            return;
        }
        self.recent.retain(|p| p != params);
        self.recent.insert(0, params.to_string());
        self.recent.truncate(RECENT_LIMIT);
    }
}

/// `"2022-07-18 08:00"`, or with seconds when they are not zero.
fn short_time(ms: i64, zone: &Zone) -> String {
    let s = format_ms(ms, zone);
    match s.strip_suffix(":00") {
        Some(short) => short.to_string(),
        None => s,
    }
}

/// A short label for a search, for the recent list: the call ID, the time range, the VDN,
/// then any other filters, joined by `" · "`, e.g. `"Call ID 1669464198-17002955 · VDN 1"`
/// or `"2026-11-20 08:00 – 2026-11-21 08:00 · VDN 1"`. Times are in `zone`; call and media
/// types are labelled; phone numbers are [masked](crate::mask::mask_number), since the list
/// may be seen by someone other than who searched. The call center ID is left out (it rarely
/// changes).
pub fn describe_query(q: &Query, zone: &Zone, locale: Locale) -> String {
    let zh = locale == Locale::ZhCn;
    let pick = |en: &'static str, cn: &'static str| if zh { cn } else { en };
    let mut parts: Vec<String> = Vec::new();
    // A list of Call IDs is named by its count and first ID: 500 IDs make no label.
    match q.call_ids().as_slice() {
        [] => {}
        [id] => parts.push(format!("{} {id}", pick("Call ID", "呼叫 ID"))),
        [first, ..] if zh => parts.push(format!("{} 个呼叫 ID（{first} 等）", q.call_ids().len())),
        [first, ..] => parts.push(format!("{} Call IDs ({first}, …)", q.call_ids().len())),
    }
    match (q.begin_date, q.end_date) {
        (Some(b), Some(e)) => {
            parts.push(format!("{} – {}", short_time(b, zone), short_time(e, zone)))
        }
        (Some(b), None) if zh => parts.push(format!("{} 起", short_time(b, zone))),
        (Some(b), None) => parts.push(format!("from {}", short_time(b, zone))),
        (None, Some(e)) if zh => parts.push(format!("至 {}", short_time(e, zone))),
        (None, Some(e)) => parts.push(format!("until {}", short_time(e, zone))),
        (None, None) => {}
    }
    // A list of calling numbers, like a list of Call IDs: its count and first (masked).
    let numbers = q.caller_nos();
    let caller_list = match numbers.as_slice() {
        [] | [_] => None,
        [first, ..] if zh => Some(format!(
            "{} 个主叫号码（{} 等）",
            numbers.len(),
            mask_number(first)
        )),
        [first, ..] => Some(format!(
            "{} callers ({}, …)",
            numbers.len(),
            mask_number(first)
        )),
    };
    let mut field = |en: &'static str, cn: &'static str, value: &str| {
        let value = value.trim();
        let label = pick(en, cn);
        if value.is_empty() {
        } else if label.is_empty() {
            parts.push(value.to_string());
        } else {
            parts.push(format!("{label} {value}"));
        }
    };
    field("VDN", "VDN", &q.vdn);
    match caller_list {
        // The list says what it is: "2 callers (138****5678, …)".
        Some(list) => field("", "", &list),
        None => field("Caller", "主叫", &mask_number(&q.caller_no)),
    }
    field("Callee", "被叫", &mask_number(&q.callee_no));
    let call_type = q.call_type.trim();
    field(
        "Call type",
        "呼叫类型",
        CallType::label_of(call_type, locale).unwrap_or(call_type),
    );
    let media_type = q.media_type.trim();
    field(
        "Media",
        "媒体类型",
        MediaType::label_of(media_type, locale).unwrap_or(media_type),
    );
    field("Satisfaction", "满意度", &q.evaluation_value);
    if parts.is_empty() {
        return pick("All calls", "全部通话").to_string();
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const CST: Zone = Zone::Fixed {
        offset_minutes: 480,
    };

    #[test]
    fn saving_replaces_by_name_and_caps_the_list() {
        let mut s = SavedSearches::default();
        s.save("  Morning  ", "vdn=1");
        s.save("Evening", "vdn=2");
        s.save("Morning", "vdn=3");
        assert_eq!(
            s.named,
            [
                SavedSearch {
                    name: "Morning".into(),
                    params: "vdn=3".into()
                },
                SavedSearch {
                    name: "Evening".into(),
                    params: "vdn=2".into()
                },
            ]
        );
        s.save("   ", "vdn=4");
        s.save("Empty", "  ");
        assert_eq!(s.named.len(), 2);
        s.delete(" Morning ");
        assert_eq!(s.named.len(), 1);
        assert_eq!(s.named[0].name, "Evening");

        let mut s = SavedSearches::default();
        for i in 0..NAMED_LIMIT + 5 {
            s.save(&format!("n{i}"), &format!("vdn={i}"));
        }
        assert_eq!(s.named.len(), NAMED_LIMIT);
        assert_eq!(s.named[0].name, "n5");
        let long = "名".repeat(200);
        s.save(&long, "vdn=1");
        assert_eq!(
            s.named.last().map(|n| n.name.chars().count()),
            Some(NAME_MAX_CHARS)
        );
    }

    #[test]
    fn recent_searches_are_most_recent_first_without_repeats() {
        let mut s = SavedSearches::default();
        for i in 0..15 {
            s.remember_recent(&format!("vdn={i}"));
        }
        assert_eq!(s.recent.len(), RECENT_LIMIT);
        assert_eq!(s.recent[0], "vdn=14");
        s.remember_recent("vdn=10");
        assert_eq!(s.recent[0], "vdn=10");
        assert_eq!(s.recent.len(), RECENT_LIMIT);
        assert_eq!(s.recent.iter().filter(|p| *p == "vdn=10").count(), 1);
        s.remember_recent("");
        assert_eq!(s.recent[0], "vdn=10");
    }

    #[test]
    fn storage_round_trips_and_tolerates_garbage() {
        let mut s = SavedSearches::default();
        s.save("A", "vdn=1&callId=x");
        s.remember_recent("vdn=2");
        s.remember_recent("vdn=3");
        assert_eq!(SavedSearches::from_json(&s.to_json()), s);
        for bad in ["", "null", "[]", "42", "{", r#"{"named":7,"recent":"x"}"#] {
            assert_eq!(
                SavedSearches::from_json(bad),
                SavedSearches::default(),
                "{bad}"
            );
        }
        let mixed = SavedSearches::from_json(
            r#"{"named":[{"name":"A","params":""},{"name":"B"},7,{"name":"C","params":"vdn=1"}],
               "recent":["vdn=1",3,"","vdn=1","vdn=2"]}"#,
        );
        assert_eq!(mixed.named.len(), 1);
        assert_eq!(mixed.named[0].name, "C");
        assert_eq!(mixed.recent, ["vdn=1", "vdn=2"]);
    }

    #[test]
    fn labels_say_what_was_searched() {
        let by_id = Query {
            sub_cc_no: "1".into(),
            vdn: "1".into(),
            call_id: "1669464198-17002955".into(),
            ..Query::default()
        };
        assert_eq!(
            describe_query(&by_id, &CST, Locale::En),
            "Call ID 1669464198-17002955 · VDN 1"
        );
        assert_eq!(
            describe_query(&by_id, &CST, Locale::ZhCn),
            "呼叫 ID 1669464198-17002955 · VDN 1"
        );
        let by_ids = Query {
            vdn: "1".into(),
            call_id: "a,b,c".into(),
            ..Query::default()
        };
        assert_eq!(
            describe_query(&by_ids, &CST, Locale::En),
            "3 Call IDs (a, …) · VDN 1"
        );
        assert_eq!(
            describe_query(&by_ids, &CST, Locale::ZhCn),
            "3 个呼叫 ID（a 等） · VDN 1"
        );
        let by_numbers = Query {
            vdn: "1".into(),
            caller_no: "13812345678,13900000000".into(),
            ..Query::default()
        };
        assert_eq!(
            describe_query(&by_numbers, &CST, Locale::En),
            "VDN 1 · 2 callers (138****5678, …)"
        );
        assert_eq!(
            describe_query(&by_numbers, &CST, Locale::ZhCn),
            "VDN 1 · 2 个主叫号码（138****5678 等）"
        );
        // 2026-11-20 08:00 in UTC+08:00.
        let begin = 1_795_132_800_000;
        let by_time = Query {
            vdn: "1".into(),
            begin_date: Some(begin),
            end_date: Some(begin + 86_400_000),
            caller_no: "13812345678".into(),
            call_type: "0".into(),
            ..Query::default()
        };
        assert_eq!(
            describe_query(&by_time, &CST, Locale::En),
            "2026-11-20 08:00 – 2026-11-21 08:00 · VDN 1 · Caller 138****5678 · Call type Inbound"
        );
        assert_eq!(
            describe_query(&by_time, &CST, Locale::ZhCn),
            "2026-11-20 08:00 – 2026-11-21 08:00 · VDN 1 · 主叫 138****5678 · 呼叫类型 呼入"
        );
        let open = Query {
            begin_date: Some(begin + 7_000),
            media_type: "10".into(),
            ..Query::default()
        };
        assert_eq!(
            describe_query(&open, &Zone::Utc, Locale::En),
            "from 2026-11-20 00:00:07 · Media 10"
        );
        assert_eq!(
            describe_query(&Query::default(), &CST, Locale::ZhCn),
            "全部通话"
        );
    }
}
