//! What an HTTP answer from the query endpoint means: the decoded records, or a typed failure
//! with a message a supervisor can act on. Pure, so every status and body shape is tested
//! natively; the app's fetch layer only moves bytes.

use crate::decode::{decode_response, DecodeError, Decoded};
use crate::locale::Locale;

/// Why a search gave no records.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// 400: the service found the path or the parameters wrong.
    BadRequest,
    /// 401: token missing, wrong or expired, or the service not purchased.
    Unauthorized,
    /// 404: the path is wrong (usually the proxy or `apiBase`).
    NotFound,
    /// 500: the service's "business failure" (a parameter value it rejects).
    BusinessFailure,
    /// Any other status, with a plain-text excerpt of the body when there was one.
    OtherStatus {
        /// The HTTP status.
        status: u16,
        /// Plain text from the body, possibly empty.
        excerpt: String,
    },
    /// A 2xx answer whose body is not JSON (a proxy's HTML page, say).
    NotJson {
        /// The HTTP status.
        status: u16,
        /// Plain text from the body.
        excerpt: String,
    },
    /// A JSON body of the wrong shape.
    Decode(DecodeError),
    /// The request never got an answer.
    Network,
    /// The request was stopped after this many seconds.
    Timeout {
        /// The configured timeout.
        seconds: u32,
    },
}

impl Failure {
    /// A message that says what happened and what to do, in the given locale.
    pub fn message(&self, locale: Locale) -> String {
        match locale {
            Locale::En => self.message_en(),
            Locale::ZhCn => self.message_zh(),
        }
    }

    fn message_en(&self) -> String {
        match self {
            Failure::BadRequest => "The service rejected the search as malformed (400 Bad Request). \
                Check the Call center ID, VDN and the other values, then search again."
                .into(),
            Failure::Unauthorized => "Not authorized (401). The access token is missing, wrong or \
                expired, or the service is not purchased for this account. Enter a new access token."
                .into(),
            Failure::NotFound => "The query service was not found (404). The proxy address \
                (apiBase) is probably wrong: ask your administrator."
                .into(),
            Failure::BusinessFailure => "The service could not run this search (500 business \
                failure). Check the values, for example that the VDN belongs to your tenant."
                .into(),
            Failure::OtherStatus { status, excerpt } if excerpt.is_empty() => {
                format!("The service answered with an unexpected status {status}. Try again later.")
            }
            Failure::OtherStatus { status, excerpt } => format!(
                "The service answered with an unexpected status {status}: \u{201c}{excerpt}\u{201d}. \
                 Try again later."
            ),
            Failure::NotJson { status, excerpt } => format!(
                "The server answered (status {status}) with something that is not call data: \
                 \u{201c}{excerpt}\u{201d}. A proxy in between may be failing."
            ),
            Failure::Decode(err) => format!(
                "The service's answer could not be read: {}",
                err.message(Locale::En)
            ),
            Failure::Network => "Could not reach the service. Check the network connection or \
                the proxy, then try again."
                .into(),
            Failure::Timeout { seconds } => format!(
                "No answer after {seconds} second{}, so the search was stopped. Narrow the time \
                 range or try again.",
                if *seconds == 1 { "" } else { "s" }
            ),
        }
    }

    fn message_zh(&self) -> String {
        match self {
            Failure::BadRequest => "服务拒绝了此查询（400 请求错误）。请检查呼叫中心 ID、VDN 及其他取值后重试。".into(),
            Failure::Unauthorized => "未授权（401）。访问令牌缺失、错误或已过期，或该账号未开通此服务。请输入新的访问令牌。".into(),
            Failure::NotFound => "未找到查询服务（404）。代理地址（apiBase）可能有误，请联系管理员。".into(),
            Failure::BusinessFailure => "服务无法执行此查询（500 业务失败）。请检查取值，例如 VDN 是否属于您的租户。".into(),
            Failure::OtherStatus { status, excerpt } if excerpt.is_empty() => {
                format!("服务返回了意外的状态码 {status}。请稍后重试。")
            }
            Failure::OtherStatus { status, excerpt } => {
                format!("服务返回了意外的状态码 {status}：“{excerpt}”。请稍后重试。")
            }
            Failure::NotJson { status, excerpt } => {
                format!("服务器返回的内容（状态码 {status}）不是话单数据：“{excerpt}”。中间的代理可能出现故障。")
            }
            Failure::Decode(err) => format!("无法读取服务的应答：{}", err.message(Locale::ZhCn)),
            Failure::Network => "无法连接到服务。请检查网络连接或代理后重试。".into(),
            Failure::Timeout { seconds } => {
                format!("{seconds} 秒内没有应答，查询已停止。请缩小时间范围或重试。")
            }
        }
    }

    /// Whether a new access token could fix it.
    pub fn needs_token(&self) -> bool {
        matches!(self, Failure::Unauthorized)
    }

    /// Whether the same request may succeed if sent again later: a 5xx (the "business
    /// failure" 500 included: a service under load gives it too), "too many requests"
    /// (429), an answer that was cut off or is a proxy's page, a timeout, a dropped
    /// connection. A 400, 401 or 404 will not change by waiting.
    pub fn is_retryable(&self) -> bool {
        match self {
            Failure::BadRequest | Failure::Unauthorized | Failure::NotFound => false,
            Failure::OtherStatus { status, .. } => *status == 429 || *status >= 500,
            Failure::BusinessFailure
            | Failure::NotJson { .. }
            | Failure::Decode(_)
            | Failure::Network
            | Failure::Timeout { .. } => true,
        }
    }
}

/// Longest body excerpt shown to a user.
pub const EXCERPT_CHARS: usize = 160;

/// Reads an answer from its status and body text.
pub fn interpret(status: u16, body: &str) -> Result<Decoded, Failure> {
    match status {
        200..=299 => {
            let trimmed = body.trim_start();
            // A proxy's HTML page or any other non-JSON text: say so with a readable excerpt
            // instead of a JSON parser's column number.
            if !trimmed.is_empty() && !trimmed.starts_with('{') && !trimmed.starts_with('[') {
                return Err(Failure::NotJson {
                    status,
                    excerpt: plain_excerpt(body),
                });
            }
            decode_response(body).map_err(Failure::Decode)
        }
        400 => Err(Failure::BadRequest),
        401 => Err(Failure::Unauthorized),
        404 => Err(Failure::NotFound),
        500 => Err(Failure::BusinessFailure),
        _ => Err(Failure::OtherStatus {
            status,
            excerpt: plain_excerpt(body),
        }),
    }
}

/// A response body's bytes as text, for [`interpret`]: valid UTF-8 is taken as it is (no
/// copy), invalid sequences become U+FFFD as the browser's `Response.text()` would make them.
/// Reading bytes spares the page a UTF-8 → JS string → UTF-8 round trip.
pub fn body_text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A short plain-text excerpt of a body that may be HTML: tags, scripts and styles dropped,
/// white space folded, cut at [`EXCERPT_CHARS`] characters.
pub fn plain_excerpt(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    let mut pending_space = false;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            let lower_start: String = rest
                .chars()
                .take(8)
                .collect::<String>()
                .to_ascii_lowercase();
            // Skip the contents of script and style elements, not just their tags.
            let skipped = if lower_start.starts_with("<script") {
                after_ci(rest, "</script>")
            } else if lower_start.starts_with("<style") {
                after_ci(rest, "</style>")
            } else {
                None
            };
            rest = match skipped {
                Some(after) => after,
                None => rest.split_once('>').map_or("", |(_, after)| after),
            };
            pending_space = true;
            continue;
        }
        let mut chars = rest.chars();
        chars.next();
        rest = chars.as_str();
        if c.is_whitespace() || c.is_control() {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
        // The folded space before `c` may already have reached the limit: cut to exactly
        // EXCERPT_CHARS characters, then mark the cut.
        if out.chars().count() >= EXCERPT_CHARS {
            if let Some((cut, _)) = out.char_indices().nth(EXCERPT_CHARS) {
                out.truncate(cut);
            }
            out.push('\u{2026}');
            break;
        }
    }
    out
}

/// What follows the first case-insensitive occurrence of `needle` (ASCII) in `hay`. Walks
/// character by character: no byte index into the body is ever used.
fn after_ci<'a>(hay: &'a str, needle: &str) -> Option<&'a str> {
    let mut chars = hay.chars();
    loop {
        if let Some(after) = crate::zone::strip_prefix_ci(chars.as_str(), needle) {
            return Some(after);
        }
        chars.next()?;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn body_text_keeps_utf8_and_replaces_what_is_not() {
        let valid = "{\"callerNo\":\"张三\"}".as_bytes().to_vec();
        let at = valid.as_ptr();
        let text = body_text(valid);
        assert_eq!(text, "{\"callerNo\":\"张三\"}");
        assert_eq!(text.as_ptr(), at, "valid UTF-8 is not copied");
        // A proxy that re-encoded the answer as Latin-1: é is one byte, 0xE9.
        let latin1 = b"{\"total\":1,\"results\":[{\"callId\":\"caf\xE9\"}]}".to_vec();
        let text = body_text(latin1);
        assert_eq!(
            text,
            "{\"total\":1,\"results\":[{\"callId\":\"caf\u{FFFD}\"}]}"
        );
        let decoded = interpret(200, &text).expect("still an answer");
        assert_eq!(decoded.records[0].call_id(), Some("caf\u{FFFD}"));
    }

    use super::*;

    #[test]
    fn what_waiting_can_fix_is_retried() {
        let html_502 = interpret(502, "<html><body>502 Bad Gateway</body></html>");
        let throttled = interpret(429, r#"{"error_code":"APIGW.0308"}"#);
        let cut_off = interpret(200, r#"{"total":1,"results":[{"callId":"#);
        for failure in [html_502, throttled, cut_off, interpret(500, "")] {
            assert!(failure.expect_err("a failure").is_retryable());
        }
        assert!(Failure::Network.is_retryable());
        assert!(Failure::Timeout { seconds: 30 }.is_retryable());
        for status in [400, 401, 404] {
            assert!(!interpret(status, "").expect_err("a failure").is_retryable());
        }
    }

    #[test]
    fn each_documented_status_has_its_own_failure() {
        assert_eq!(interpret(400, ""), Err(Failure::BadRequest));
        assert_eq!(interpret(401, "{}"), Err(Failure::Unauthorized));
        assert_eq!(interpret(404, "<html>x</html>"), Err(Failure::NotFound));
        assert_eq!(interpret(500, ""), Err(Failure::BusinessFailure));
        assert!(Failure::Unauthorized.needs_token());
        assert!(!Failure::BusinessFailure.needs_token());
    }

    #[test]
    fn proxy_html_502_gives_status_and_readable_excerpt() {
        let body = "<html>\r\n<head><title>502 Bad Gateway</title><style>body{x:y}</style></head>\r\n\
                    <body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n\
                    <script>alert(1)</script></body>\r\n</html>";
        match interpret(502, body) {
            Err(Failure::OtherStatus { status, excerpt }) => {
                assert_eq!(status, 502);
                assert_eq!(excerpt, "502 Bad Gateway 502 Bad Gateway nginx");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn html_with_status_200_is_not_json_failure() {
        match interpret(200, "<!DOCTYPE html><p>Portal login</p>") {
            Err(Failure::NotJson {
                status: 200,
                excerpt,
            }) => assert_eq!(excerpt, "Portal login"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn excerpt_is_cut_and_marked() {
        let long = "word ".repeat(200);
        let ex = plain_excerpt(&long);
        assert_eq!(ex.chars().count(), EXCERPT_CHARS + 1);
        assert!(ex.ends_with('\u{2026}'));
    }

    #[test]
    fn success_decodes_records() {
        let ok = interpret(200, r#"{"total":1,"results":[{"callId":"a"}]}"#);
        let decoded = ok.expect("decodes");
        assert_eq!(decoded.records.len(), 1);
    }

    #[test]
    fn messages_name_the_status_and_what_to_do() {
        let msg = Failure::Timeout { seconds: 30 }.message(Locale::En);
        assert!(msg.contains("30 seconds"));
        let msg = Failure::OtherStatus {
            status: 503,
            excerpt: String::new(),
        }
        .message(Locale::En);
        assert!(msg.contains("503"));
        assert!(!Failure::Network.message(Locale::ZhCn).is_empty());
    }
}
