//! The runtime configuration an operator puts in `config.json` beside `index.html`, so a
//! static deployment is configured without rebuilding.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::table::PAGE_SIZES;

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
    /// "local", "UTC" or an offset such as "+08:00".
    pub time_zone: String,
    /// "en" or "zh-CN".
    pub locale: String,
    /// Satisfaction code to label, as configured for the tenant.
    pub evaluation_labels: BTreeMap<String, String>,
    /// Rows per page at start: 10, 20, 50 or 100.
    pub page_size: usize,
    /// How long a search may take before it is stopped.
    pub request_timeout_seconds: u32,
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
            locale: "en".into(),
            evaluation_labels: BTreeMap::new(),
            page_size: 20,
            request_timeout_seconds: 30,
        }
    }
}

/// Longest timeout accepted, so a typo cannot leave a search hanging for hours.
pub const MAX_TIMEOUT_SECONDS: u32 = 600;

impl AppConfig {
    /// Parses `config.json`. Values out of range are replaced by defaults and reported as
    /// warnings, so one bad key does not cost the operator the rest of the file.
    pub fn parse(text: &str) -> Result<(AppConfig, Vec<String>), String> {
        let mut config: AppConfig =
            serde_json::from_str(text).map_err(|e| format!("config.json is not valid: {e}"))?;
        let mut warnings = Vec::new();
        if !PAGE_SIZES.contains(&config.page_size) {
            warnings.push(format!(
                "config.json: pageSize {} is not one of 10, 20, 50, 100; using 20",
                config.page_size
            ));
            config.page_size = 20;
        }
        if config.request_timeout_seconds == 0
            || config.request_timeout_seconds > MAX_TIMEOUT_SECONDS
        {
            warnings.push(format!(
                "config.json: requestTimeoutSeconds {} is not between 1 and {MAX_TIMEOUT_SECONDS}; using 30",
                config.request_timeout_seconds
            ));
            config.request_timeout_seconds = 30;
        }
        if crate::locale::Locale::from_tag(&config.locale).is_none() {
            warnings.push(format!(
                "config.json: locale \"{}\" is not supported; using English",
                config.locale
            ));
            config.locale = "en".into();
        }
        if crate::time::Zone::parse(&config.time_zone, 0).is_none() {
            warnings.push(format!(
                "config.json: timeZone \"{}\" is not \"local\", \"UTC\" or an offset like \"+08:00\"; using local time",
                config.time_zone
            ));
            config.time_zone = "local".into();
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_keys_take_defaults() {
        let (config, warnings) = AppConfig::parse("{}").expect("parses");
        assert_eq!(config, AppConfig::default());
        assert!(warnings.is_empty());
    }

    #[test]
    fn every_key_is_read() {
        let text = r#"{"apiBase":"https://proxy.example/cec","token":"t","appKey":"k",
            "tenantSpaceId":"202101134979","subCcNo":"1","vdn":"2","timeZone":"+08:00",
            "locale":"zh-CN","evaluationLabels":{"1":"Very satisfied"},"pageSize":50,
            "requestTimeoutSeconds":10}"#;
        let (c, warnings) = AppConfig::parse(text).expect("parses");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(c.api_base, "https://proxy.example/cec");
        assert_eq!(c.token.as_deref(), Some("t"));
        assert_eq!(c.app_key.as_deref(), Some("k"));
        assert_eq!(c.tenant_space_id.as_deref(), Some("202101134979"));
        assert_eq!((c.sub_cc_no.as_str(), c.vdn.as_str()), ("1", "2"));
        assert_eq!(c.time_zone, "+08:00");
        assert_eq!(c.locale, "zh-CN");
        assert_eq!(
            c.evaluation_labels.get("1").map(String::as_str),
            Some("Very satisfied")
        );
        assert_eq!((c.page_size, c.request_timeout_seconds), (50, 10));
    }

    #[test]
    fn malformed_file_names_the_problem() {
        let err = AppConfig::parse("{\"pageSize\": 20,}").expect_err("trailing comma");
        assert!(err.contains("config.json"), "{err}");
        assert!(err.contains("line 1"), "{err}");
        let err = AppConfig::parse("{\"pageSize\": \"many\"}").expect_err("wrong type");
        assert!(
            err.contains("pageSize") || err.contains("invalid type"),
            "{err}"
        );
    }

    #[test]
    fn out_of_range_values_fall_back_with_a_warning() {
        let (c, warnings) = AppConfig::parse(
            r#"{"pageSize":7,"requestTimeoutSeconds":0,"locale":"fr","timeZone":"Mars"}"#,
        )
        .expect("parses");
        assert_eq!(c.page_size, 20);
        assert_eq!(c.request_timeout_seconds, 30);
        assert_eq!(c.locale, "en");
        assert_eq!(c.time_zone, "local");
        assert_eq!(warnings.len(), 4);
    }
}
