//! Feeds arbitrary text to the readers of what this browser's storage holds (columns, saved
//! searches, the language and the zone picked): whatever another version or a user left
//! there, they must fall back to defaults, never panic.
#![no_main]

use cdr_core::columns::columns_from_json;
use cdr_core::saved::SavedSearches;
use cdr_core::table::Column;
use cdr_core::zone::ZoneSpec;
use cdr_core::Locale;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Some(columns) = columns_from_json(&text) {
        assert!(!columns.is_empty() && columns.len() <= Column::ALL.len());
    }
    let saved = SavedSearches::from_json(&text);
    // What was read is written back and reads the same.
    assert_eq!(SavedSearches::from_json(&saved.to_json()), saved);
    let _ = Locale::from_tag(&text);
    if let Ok(spec) = ZoneSpec::parse(&text) {
        assert_eq!(ZoneSpec::parse(&spec.setting()), Ok(spec));
    }
});
