//! The runtime configuration an operator puts in `config.json` beside `index.html`, so a
//! static deployment is configured without rebuilding.

use serde::Deserialize;

use crate::call_outcome::Analytics;
use crate::codes::LocalizedLabels;
use crate::locale::Locale;
use crate::table::PAGE_SIZES;
use crate::time::Weekday;
use crate::zone::ZoneSpec;

/// Every key of `config.json`; all optional.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AppConfig {
    /// URL prefix of the proxy in front of the API; empty means the page's own origin.
    pub api_base: String,
    /// A bearer token for the API. Usually left out: the proxy or the host portal provides it.
    pub token: Option<String>,
    /// Sent as `X-APP-Key` when set.
    pub app_key: Option<String>,
    /// Sent as `X-TenantSpaceID` when set.
    pub tenant_space_id: Option<String>,
    /// Default call center ID for the form.
    pub sub_cc_no: String,
    /// Default VDN for the form.
    pub vdn: String,
    /// `"local"` (the browser's zone, with its rules), `"UTC"`, an offset such as
    /// `"+08:00"`, or an IANA name such as `"America/New_York"` ([`ZoneSpec::parse`]).
    pub time_zone: String,
    /// The first day of the week for the This week / Last week presets: `"monday"` or
    /// `"sunday"` (any English day name, [`Weekday::parse`]); see [`AppConfig::week_start`].
    pub week_start: String,
    /// "en" or "zh-CN"; empty means the browser's language.
    pub locale: String,
    /// Satisfaction code to label, as configured for the tenant: one label, or one per
    /// language (`{"en": …, "zh-CN": …}`); see [`LocalizedLabels`].
    pub evaluation_labels: LocalizedLabels,
    /// Show calling and called numbers as `138****5678`, on screen and in exports.
    pub mask_numbers: bool,
    /// Rows per page at start: 10, 20, 50 or 100.
    pub page_size: usize,
    /// How long a search may take before it is stopped.
    pub request_timeout_seconds: u32,
    /// Requests in flight at once while a search loads its slices (1–10; the vendor asks
    /// for at most 10 concurrent requests on sibling interfaces, API-NOTES.md).
    pub max_concurrent_requests: u32,
    /// Records a search loads at most; past it the load stops and says so (1 to 4,294,967,295).
    pub max_records: u32,
    /// Origins (`https://portal.example.com`) of host pages allowed to hand the app its
    /// token and settings by `postMessage` when it runs in their iframe. Empty: none.
    pub allowed_parent_origins: Vec<String>,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            api_base: String::new(),
            token: None,
            app_key: None,
            tenant_space_id: None,
            sub_cc_no: String::new(),
            vdn: String::new(),
            time_zone: "local".into(),
            week_start: "monday".into(),
            locale: String::new(),
            evaluation_labels: LocalizedLabels::default(),
            mask_numbers: false,
            page_size: 20,
            request_timeout_seconds: 30,
            max_concurrent_requests: 3,
            max_records: 1_000_000,
            allowed_parent_origins: Vec::new(),
        }
    }
}

/// Most requests in flight `maxConcurrentRequests` accepts.
pub const MAX_CONCURRENT_REQUESTS: u32 = 10;

/// Longest `shortAbandonSeconds` accepted: a "short" abandon longer than a minute would
/// hide real abandons.
pub const MAX_SHORT_ABANDON_SECONDS: u32 = 60;

/// Longest `serviceLevelSeconds` accepted (an hour).
pub const MAX_SERVICE_LEVEL_SECONDS: u32 = 3600;

/// `serviceLevelSeconds`' default: the common "80 % within 20 seconds" target's 20.
pub const DEFAULT_SERVICE_LEVEL_SECONDS: u32 = crate::call_outcome::DEFAULT_SERVICE_LEVEL_SECONDS;

/// Longest timeout accepted, so a typo cannot leave a search hanging for hours.
pub const MAX_TIMEOUT_SECONDS: u32 = 600;

impl AppConfig {
    /// Parses `config.json`. Values out of range are replaced by defaults and reported as
    /// warnings naming the key and the value, so one bad key does not cost the operator the
    /// rest of the file. A well-formed zone name is taken as it is: see
    /// [`AppConfig::parse_with`] to check that it exists.
    ///
    /// # Errors
    /// The file is not JSON, or a key has the wrong type: a message naming the problem and
    /// where it is.
    pub fn parse(text: &str) -> Result<(AppConfig, Vec<ConfigProblem>), ConfigProblem> {
        AppConfig::parse_with(text, |_| true)
    }

    /// [`AppConfig::parse`], also asking `knows_zone` whether a zone name in `timeZone`
    /// exists (the page asks its `Intl` data): an unknown one falls back to `"local"` with
    /// a warning.
    ///
    /// # Errors
    /// As [`AppConfig::parse`].
    pub fn parse_with(
        text: &str,
        knows_zone: impl FnOnce(&str) -> bool,
    ) -> Result<(AppConfig, Vec<ConfigProblem>), ConfigProblem> {
        let mut config: AppConfig =
            serde_json::from_str(text).map_err(|e| ConfigProblem::Invalid(e.to_string()))?;
        let mut warnings = Vec::new();
        if !PAGE_SIZES.contains(&config.page_size) {
            warnings.push(ConfigProblem::PageSize(config.page_size));
            config.page_size = 20;
        }
        if config.request_timeout_seconds == 0
            || config.request_timeout_seconds > MAX_TIMEOUT_SECONDS
        {
            warnings.push(ConfigProblem::Timeout(config.request_timeout_seconds));
            config.request_timeout_seconds = 30;
        }
        if !(1..=MAX_CONCURRENT_REQUESTS).contains(&config.max_concurrent_requests) {
            warnings.push(ConfigProblem::Concurrency(config.max_concurrent_requests));
            config.max_concurrent_requests = 3;
        }
        if config.max_records == 0 {
            warnings.push(ConfigProblem::MaxRecords);
            config.max_records = 1_000_000;
        }
        if !config.locale.is_empty() && crate::locale::Locale::from_tag(&config.locale).is_none() {
            warnings.push(ConfigProblem::Locale(config.locale.clone()));
            config.locale = String::new();
        }
        match ZoneSpec::parse(&config.time_zone) {
            Err(e) => {
                warnings.push(ConfigProblem::TimeZone(config.time_zone.clone(), e));
                config.time_zone = "local".into();
            }
            Ok(ZoneSpec::Named(name)) if !knows_zone(&name) => {
                warnings.push(ConfigProblem::UnknownZone(config.time_zone.clone()));
                config.time_zone = "local".into();
            }
            Ok(_) => {}
        }
        if Weekday::parse(&config.week_start).is_none() {
            warnings.push(ConfigProblem::WeekStart(config.week_start.clone()));
            config.week_start = "monday".into();
        }
        // An origin is compared exactly with MessageEvent.origin, which never has a path or a
        // trailing slash; a wildcard would let any page hand the app a token.
        let mut origins = Vec::new();
        for entry in std::mem::take(&mut config.allowed_parent_origins) {
            let origin = entry.trim().trim_end_matches('/');
            if is_origin(origin) {
                origins.push(origin.to_string());
            } else {
                warnings.push(ConfigProblem::Origin(entry.clone()));
            }
        }
        config.allowed_parent_origins = origins;
        // Empty strings in optional headers mean "not set".
        for field in [
            &mut config.token,
            &mut config.app_key,
            &mut config.tenant_space_id,
        ] {
            if field.as_deref().is_some_and(|v| v.trim().is_empty()) {
                *field = None;
            }
        }
        Ok((config, warnings))
    }
}

/// The keys of `config.json` that only the result views read (the outcome rules and the KPI
/// strip), apart from [`AppConfig`] so that the first load does not carry them.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct AnalyticsKeys {
    short_abandon_seconds: u32,
    service_level_seconds: u32,
    satisfied_levels: Vec<String>,
}

impl Default for AnalyticsKeys {
    fn default() -> Self {
        let d = Analytics::default();
        AnalyticsKeys {
            short_abandon_seconds: d.short_abandon_seconds,
            service_level_seconds: d.service_level_seconds,
            satisfied_levels: d.satisfied_levels,
        }
    }
}

/// Reads `shortAbandonSeconds` (0 to [`MAX_SHORT_ABANDON_SECONDS`], default 5),
/// `serviceLevelSeconds` (1 to [`MAX_SERVICE_LEVEL_SECONDS`], default 20) and
/// `satisfiedLevels` (strings, blank ones refused; default none) from `config.json`'s text.
/// Not keys of [`AppConfig`]: reading them there cost the first load 1.2 KB gzip (measured),
/// so the page keeps the file's text and the result views read them. A value out of range falls back to its default with a problem
/// naming it, as [`AppConfig::parse`] does for its keys. A key of the wrong type gives a
/// [`ConfigProblem::Invalid`] and all three defaults; a file that is not JSON at all gives
/// the defaults and no problem (the first load's parse has reported it already), and so
/// does an empty text (no `config.json`).
pub fn parse_analytics(text: &str) -> (Analytics, Vec<ConfigProblem>) {
    let mut warnings = Vec::new();
    if text.trim().is_empty() {
        return (Analytics::default(), warnings);
    }
    let keys: AnalyticsKeys = match serde_json::from_str(text) {
        Ok(keys) => keys,
        Err(e) => {
            if serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() {
                warnings.push(ConfigProblem::Invalid(e.to_string()));
            }
            return (Analytics::default(), warnings);
        }
    };
    let mut a = Analytics::default();
    if keys.short_abandon_seconds <= MAX_SHORT_ABANDON_SECONDS {
        a.short_abandon_seconds = keys.short_abandon_seconds;
    } else {
        warnings.push(ConfigProblem::ShortAbandon(keys.short_abandon_seconds));
    }
    if (1..=MAX_SERVICE_LEVEL_SECONDS).contains(&keys.service_level_seconds) {
        a.service_level_seconds = keys.service_level_seconds;
    } else {
        warnings.push(ConfigProblem::ServiceLevel(keys.service_level_seconds));
    }
    // Blank entries could match nothing: refused, so the operator hears of the typo.
    for level in keys.satisfied_levels {
        if level.trim().is_empty() {
            warnings.push(ConfigProblem::SatisfiedLevel(level));
        } else {
            a.satisfied_levels.push(level.trim().to_string());
        }
    }
    (a, warnings)
}

impl AppConfig {
    /// The first day of the week (`weekStart`); Monday when unset or not a day.
    pub fn week_start(&self) -> Weekday {
        Weekday::parse(&self.week_start).unwrap_or_default()
    }
}

/// A problem with `config.json`: what the banner lists, naming the key and the value, in
/// the page's language ([`ConfigProblem::message`]). The app runs on the default instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigProblem {
    /// The file could not be fetched (network).
    NotLoaded,
    /// The server answered with this HTTP status (not 200, not 404).
    Status(u16),
    /// The body could not be read.
    NotRead,
    /// Not JSON, or a key has the wrong type: the parser's own words (English), which name
    /// the line and column. The English message quotes them; the Chinese one says where and
    /// what kind of problem in its own words ([`invalid_in_chinese`]).
    Invalid(String),
    /// `pageSize` is not one of [`PAGE_SIZES`].
    PageSize(usize),
    /// `requestTimeoutSeconds` is 0 or over [`MAX_TIMEOUT_SECONDS`].
    Timeout(u32),
    /// `maxConcurrentRequests` is not between 1 and [`MAX_CONCURRENT_REQUESTS`].
    Concurrency(u32),
    /// `maxRecords` is 0.
    MaxRecords,
    /// `locale` is not a supported language.
    Locale(String),
    /// `timeZone` is not a zone setting, and why.
    TimeZone(String, crate::zone::ZoneError),
    /// `timeZone` is well formed but names no zone the rules' source knows (`"Mars/Olympus"`).
    UnknownZone(String),
    /// `weekStart` is not a day.
    WeekStart(String),
    /// An `allowedParentOrigins` entry is not an origin.
    Origin(String),
    /// `shortAbandonSeconds` is over [`MAX_SHORT_ABANDON_SECONDS`].
    ShortAbandon(u32),
    /// `serviceLevelSeconds` is 0 or over [`MAX_SERVICE_LEVEL_SECONDS`].
    ServiceLevel(u32),
    /// A `satisfiedLevels` entry is blank.
    SatisfiedLevel(String),
}

impl ConfigProblem {
    /// The message for the banner, in `locale`: the key, the value, what is wrong and what
    /// is used instead.
    pub fn message(&self, locale: Locale) -> String {
        use ConfigProblem as P;
        let zh = locale == Locale::ZhCn;
        match (self, zh) {
            (P::NotLoaded, false) => "config.json could not be loaded; using defaults".into(),
            (P::NotLoaded, true) => "无法加载 config.json，使用默认设置".into(),
            (P::Status(status), false) => {
                format!("config.json answered with status {status}; using defaults")
            }
            (P::Status(status), true) => format!("config.json 返回状态 {status}，使用默认设置"),
            (P::NotRead, false) => "config.json could not be read; using defaults".into(),
            (P::NotRead, true) => "无法读取 config.json，使用默认设置".into(),
            (P::Invalid(why), false) => format!("config.json is not valid: {why}"),
            (P::Invalid(why), true) => invalid_in_chinese(why),
            (P::PageSize(n), false) => {
                format!("config.json: pageSize {n} is not one of 10, 20, 50, 100; using 20")
            }
            (P::PageSize(n), true) => {
                format!("config.json：pageSize {n} 不是 10、20、50、100 之一，使用 20")
            }
            (P::Timeout(n), false) => format!(
                "config.json: requestTimeoutSeconds {n} is not between 1 and {MAX_TIMEOUT_SECONDS}; using 30"
            ),
            (P::Timeout(n), true) => format!(
                "config.json：requestTimeoutSeconds {n} 不在 1 到 {MAX_TIMEOUT_SECONDS} 之间，使用 30"
            ),
            (P::Concurrency(n), false) => format!(
                "config.json: maxConcurrentRequests {n} is not between 1 and {MAX_CONCURRENT_REQUESTS}; using 3"
            ),
            (P::Concurrency(n), true) => format!(
                "config.json：maxConcurrentRequests {n} 不在 1 到 {MAX_CONCURRENT_REQUESTS} 之间，使用 3"
            ),
            (P::MaxRecords, false) => "config.json: maxRecords 0 would load nothing; using 1000000".into(),
            (P::MaxRecords, true) => "config.json：maxRecords 为 0 将不加载任何记录，使用 1000000".into(),
            (P::Locale(v), false) => refused("locale", v, "is not supported", "using the browser's language"),
            (P::Locale(v), true) => refused_zh("locale", v, "不受支持", "使用浏览器的语言"),
            (P::TimeZone(v, why), false) => refused("timeZone", v, why.message(), "using local time"),
            (P::TimeZone(v, why), true) => refused_zh("timeZone", v, zone_error_zh(*why), "使用本地时间"),
            (P::UnknownZone(v), false) => refused(
                "timeZone",
                v,
                "is not a time zone this browser knows",
                "using local time",
            ),
            (P::UnknownZone(v), true) => refused_zh("timeZone", v, "不是本浏览器知道的时区", "使用本地时间"),
            (P::WeekStart(v), false) => refused(
                "weekStart",
                v,
                "is not a day such as \"monday\" or \"sunday\"",
                "using monday",
            ),
            (P::WeekStart(v), true) => refused_zh("weekStart", v, "不是星期几（如 \"monday\" 或 \"sunday\"）", "使用 monday"),
            (P::Origin(v), false) => refused(
                "allowedParentOrigins entry",
                v,
                "is not an origin like \"https://portal.example.com\"",
                "ignored",
            ),
            (P::ShortAbandon(n), false) => format!(
                "config.json: shortAbandonSeconds {n} is not between 0 and {MAX_SHORT_ABANDON_SECONDS}; using 5"
            ),
            (P::ShortAbandon(n), true) => format!(
                "config.json：shortAbandonSeconds {n} 不在 0 到 {MAX_SHORT_ABANDON_SECONDS} 之间，使用 5"
            ),
            (P::ServiceLevel(n), false) => format!(
                "config.json: serviceLevelSeconds {n} is not between 1 and {MAX_SERVICE_LEVEL_SECONDS}; using 20"
            ),
            (P::ServiceLevel(n), true) => format!(
                "config.json：serviceLevelSeconds {n} 不在 1 到 {MAX_SERVICE_LEVEL_SECONDS} 之间，使用 20"
            ),
            (P::SatisfiedLevel(v), false) => {
                refused("satisfiedLevels entry", v, "is blank", "ignored")
            }
            (P::SatisfiedLevel(v), true) => refused_zh("satisfiedLevels 条目", v, "为空", "已忽略"),
            (P::Origin(v), true) => refused_zh(
                "allowedParentOrigins 条目",
                v,
                "不是 \"https://portal.example.com\" 这样的来源",
                "已忽略",
            ),
        }
    }
}

/// [`crate::zone::ZoneError::message`] in Chinese.
fn zone_error_zh(why: crate::zone::ZoneError) -> &'static str {
    use crate::zone::ZoneError as E;
    match why {
        E::Empty => "为空",
        E::BadOffset => "不是 \"+08:00\" 或 \"-05:30\" 这样的时差",
        E::OffsetOutOfRange => "超出了使用中的最大时差 ±14:00",
        E::BadName => {
            "不是 \"local\"、\"UTC\"、\"+08:00\" 这样的时差或 \"Asia/Shanghai\" 这样的时区名"
        }
    }
}

/// `config.json: key "value" problem; fallback`: one shape, and one copy of its code, for
/// every refused text value.
/// The Chinese message for a file serde_json refused, from its English words
/// (`"invalid type: string \"many\", expected usize at line 1 column 19"`): where, and
/// whether a value has the wrong type or the text is not JSON. Kept here, with the banner's
/// code, rather than in the parser's error: reading the error's parts there cost the first
/// load 423 bytes.
pub fn invalid_in_chinese(why: &str) -> String {
    let (what, place) = why.rsplit_once(" at line ").unwrap_or((why, ""));
    let (line, column) = place.split_once(" column ").unwrap_or(("?", "?"));
    let wrong_type = [
        "invalid type",
        "invalid value",
        "invalid length",
        "unknown variant",
    ]
    .iter()
    .any(|start| what.starts_with(start));
    let kind = if wrong_type {
        "的值类型不对"
    } else {
        "不是有效的 JSON"
    };
    let number = |n: &str| {
        n.trim()
            .parse::<u64>()
            .map_or("?".to_string(), |n| n.to_string())
    };
    format!(
        "config.json 无效：第 {} 行第 {} 列{kind}",
        number(line),
        number(column)
    )
}

fn refused(key: &str, value: &str, problem: &str, fallback: &str) -> String {
    format!("config.json: {key} \"{value}\" {problem}; {fallback}")
}

/// `config.json：key "value" problem，fallback`, the Chinese shape of [`refused`].
fn refused_zh(key: &str, value: &str, problem: &str, fallback: &str) -> String {
    format!("config.json：{key} \"{value}\" {problem}，{fallback}")
}

/// `scheme://host[:port]`, nothing more, for http and https.
fn is_origin(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once("://") else {
        return false;
    };
    matches!(scheme, "http" | "https")
        && !rest.is_empty()
        && !rest.contains(['/', '?', '#', '*', '@', ' '])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The problems as the English banner shows them.
    fn parse_en(text: &str) -> Result<(AppConfig, Vec<String>), String> {
        parse_with_en(text, |_| true)
    }

    fn parse_with_en(
        text: &str,
        knows_zone: impl FnOnce(&str) -> bool,
    ) -> Result<(AppConfig, Vec<String>), String> {
        AppConfig::parse_with(text, knows_zone)
            .map(|(c, problems)| (c, problems.iter().map(|p| p.message(Locale::En)).collect()))
            .map_err(|p| p.message(Locale::En))
    }

    #[test]
    fn missing_keys_take_defaults() {
        let (config, warnings) = parse_en("{}").expect("parses");
        assert_eq!(config, AppConfig::default());
        assert_eq!(config.week_start(), Weekday::Monday);
        assert!(warnings.is_empty());
    }

    #[test]
    fn every_key_is_read() {
        let text = r#"{"apiBase":"https://proxy.example/cec","token":"t","appKey":"k",
            "tenantSpaceId":"202101134979","subCcNo":"1","vdn":"2","timeZone":"+08:00",
            "locale":"zh-CN","evaluationLabels":{"1":"Very satisfied"},"pageSize":50,
            "requestTimeoutSeconds":10,"allowedParentOrigins":["https://portal.example"],
            "maskNumbers":true,"weekStart":"Sunday","maxConcurrentRequests":10,"maxRecords":200000}"#;
        let (c, warnings) = parse_en(text).expect("parses");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(c.api_base, "https://proxy.example/cec");
        assert_eq!(c.token.as_deref(), Some("t"));
        assert_eq!(c.app_key.as_deref(), Some("k"));
        assert_eq!(c.tenant_space_id.as_deref(), Some("202101134979"));
        assert_eq!((c.sub_cc_no.as_str(), c.vdn.as_str()), ("1", "2"));
        assert_eq!(c.time_zone, "+08:00");
        assert_eq!(c.locale, "zh-CN");
        assert_eq!(
            c.evaluation_labels
                .get(Locale::ZhCn)
                .get("1")
                .map(String::as_str),
            Some("Very satisfied")
        );
        assert_eq!((c.page_size, c.request_timeout_seconds), (50, 10));
        assert_eq!((c.max_concurrent_requests, c.max_records), (10, 200_000));
        assert!(c.mask_numbers);
        assert_eq!(c.week_start(), Weekday::Sunday);
        assert_eq!(c.allowed_parent_origins, vec!["https://portal.example"]);
    }

    #[test]
    fn analytics_keys_are_read_checked_and_defaulted() {
        let en = |text: &str| {
            let (a, problems) = parse_analytics(text);
            let words: Vec<String> = problems.iter().map(|p| p.message(Locale::En)).collect();
            (a, words)
        };
        for text in ["", "{}", "{\"pageSize\": 20,}"] {
            let (a, warnings) = en(text);
            assert!(warnings.is_empty(), "{text}: {warnings:?}");
            assert_eq!(a, Analytics::default());
            assert_eq!((a.short_abandon_seconds, a.service_level_seconds), (5, 20));
        }
        let text = r#"{"pageSize":50,"shortAbandonSeconds":0,"serviceLevelSeconds":30,"satisfiedLevels":["4"," 5 "]}"#;
        let (c, _) = parse_en(text).expect("parses");
        assert_eq!(c.page_size, 50);
        let (a, warnings) = en(text);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!((a.short_abandon_seconds, a.service_level_seconds), (0, 30));
        assert_eq!(a.satisfied_levels, vec!["4", "5"]);
        let (a, warnings) =
            en(r#"{"shortAbandonSeconds":61,"serviceLevelSeconds":0,"satisfiedLevels":["5",""]}"#);
        assert_eq!((a.short_abandon_seconds, a.service_level_seconds), (5, 20));
        assert_eq!(a.satisfied_levels, vec!["5"]);
        assert_eq!(
            warnings,
            [
                "config.json: shortAbandonSeconds 61 is not between 0 and 60; using 5",
                "config.json: serviceLevelSeconds 0 is not between 1 and 3600; using 20",
                "config.json: satisfiedLevels entry \"\" is blank; ignored",
            ]
        );
        let (a, words) = en(r#"{"satisfiedLevels":[5]}"#);
        assert_eq!(a, Analytics::default());
        assert!(
            words[0].starts_with("config.json is not valid: invalid type"),
            "{words:?}"
        );
        let (_, warnings) = parse_analytics(r#"{"serviceLevelSeconds":3601}"#);
        assert_eq!(
            warnings[0].message(Locale::ZhCn),
            "config.json：serviceLevelSeconds 3601 不在 1 到 3600 之间，使用 20"
        );
    }

    #[test]
    fn allowed_parent_origins_keep_only_origins() {
        let (c, warnings) = parse_en(
            r#"{"allowedParentOrigins":["https://portal.example/","http://127.0.0.1:8080",
                "*","https://portal.example/cdr","portal.example",""]}"#,
        )
        .expect("parses");
        assert_eq!(
            c.allowed_parent_origins,
            vec!["https://portal.example", "http://127.0.0.1:8080"]
        );
        assert_eq!(warnings.len(), 4, "{warnings:?}");
        assert!(warnings[0].contains("allowedParentOrigins"), "{warnings:?}");
    }

    #[test]
    fn malformed_file_names_the_problem() {
        let err = parse_en("{\"pageSize\": 20,}").expect_err("trailing comma");
        assert!(err.contains("config.json"), "{err}");
        assert!(err.contains("line 1"), "{err}");
        let err = parse_en("{\"pageSize\": \"many\"}").expect_err("wrong type");
        assert!(
            err.contains("pageSize") || err.contains("invalid type"),
            "{err}"
        );
    }

    #[test]
    fn malformed_file_is_named_in_chinese_words_only() {
        for (text, says) in [
            ("{\"pageSize\": 20,}", "不是有效的 JSON"),
            ("{\"pageSize\": \"many\"}", "的值类型不对"),
        ] {
            let problem = AppConfig::parse(text).expect_err("invalid");
            let message = problem.message(Locale::ZhCn);
            assert!(message.contains(says), "{message}");
            assert!(message.contains("第 1 行"), "{message}");
            // Nothing of the parser's English words: only the file name is Latin.
            let latin = message
                .replace("config.json", "")
                .replace("JSON", "")
                .chars()
                .filter(char::is_ascii_alphabetic)
                .count();
            assert_eq!(latin, 0, "{message}");
        }
    }

    #[test]
    fn out_of_range_values_fall_back_with_a_warning() {
        // "Mars" is well formed (like "Japan") but names no zone the rules' source knows.
        let (c, warnings) = parse_with_en(
            r#"{"pageSize":7,"requestTimeoutSeconds":0,"locale":"fr","timeZone":"Mars","maxConcurrentRequests":11,"maxRecords":0}"#,
            |name| name != "Mars",
        )
        .expect("parses");
        assert_eq!(c.page_size, 20);
        assert_eq!(c.request_timeout_seconds, 30);
        assert_eq!(c.locale, "");
        assert_eq!(c.time_zone, "local");
        assert_eq!((c.max_concurrent_requests, c.max_records), (3, 1_000_000));
        assert_eq!(warnings.len(), 6);
        assert!(warnings
            .iter()
            .any(|w| w.contains("maxConcurrentRequests 11")));
    }

    #[test]
    fn a_bad_zone_or_week_start_is_named_and_the_default_used() {
        // Issue #15: this value crashed the page.
        let (c, warnings) =
            parse_en(r#"{"timeZone":"+1é1","weekStart":"Funday"}"#).expect("parses");
        assert_eq!(c.time_zone, "local");
        assert_eq!(c.week_start(), Weekday::Monday);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("timeZone \"+1é1\""), "{warnings:?}");
        assert!(warnings[0].contains("using local time"), "{warnings:?}");
        assert!(warnings[1].contains("weekStart \"Funday\""), "{warnings:?}");
        // A well-formed name is kept unless the rules' source does not know it.
        let text = r#"{"timeZone":"America/New_York"}"#;
        let (c, warnings) = parse_with_en(text, |n| n == "America/New_York").expect("ok");
        assert_eq!(
            (c.time_zone.as_str(), warnings.len()),
            ("America/New_York", 0)
        );
        let (c, warnings) = parse_with_en(text, |_| false).expect("ok");
        assert_eq!(c.time_zone, "local");
        assert_eq!(
            warnings,
            [ConfigProblem::UnknownZone("America/New_York".into()).message(Locale::En)]
        );
        assert!(warnings[0].contains("timeZone \"America/New_York\""));
    }
}
