//! Feeds arbitrary text to the `config.json` reader, as an operator's broken file would
//! arrive: it must answer a configuration and warnings, or an error, never panic. What it
//! accepts must be usable: the zone and week start it keeps parse again; what it refuses
//! must be told in both languages.
#![no_main]

use cdr_core::config::AppConfig;
use cdr_core::zone::ZoneSpec;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Alternate between a zone source that knows every name and one that knows none.
    let knows = data.first().is_some_and(|b| b % 2 == 0);
    match AppConfig::parse_with(&text, |_| knows) {
        Ok((config, warnings)) => {
            assert!(
                ZoneSpec::parse(&config.time_zone).is_ok(),
                "{config:?} {warnings:?}"
            );
            let _ = config.week_start();
            for warning in &warnings {
                let _ = warning.message(cdr_core::Locale::En);
                let _ = warning.message(cdr_core::Locale::ZhCn);
            }
        }
        // The refusal's Chinese message reads the parser's English words.
        Err(problem) => {
            let _ = problem.message(cdr_core::Locale::ZhCn);
        }
    }
});
