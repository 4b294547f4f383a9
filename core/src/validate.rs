//! Form validation: every problem at once, each attached to the field it concerns, with a
//! message that says what to do. Cheap enough to run on every keystroke.

use crate::batch::{join_ids, split_ids, split_numbers, MAX_IDS};
use crate::codes::{CallType, MediaType};
use crate::locale::Locale;
use crate::query::{Query, QueryForm};
use crate::time::{parse_input, Zone, CALL_YEARS};

/// A field of the query form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// Call center ID.
    SubCcNo,
    /// Tenant VDN ID.
    Vdn,
    /// Call ID.
    CallId,
    /// Calling number.
    CallerNo,
    /// Called number.
    CalleeNo,
    /// Begin of the time range.
    Begin,
    /// End of the time range.
    End,
    /// Call type code.
    CallType,
    /// Media type code.
    MediaType,
    /// Satisfaction value.
    EvaluationValue,
}

impl Field {
    /// Every field, in form order.
    pub const ALL: [Field; 10] = [
        Field::SubCcNo,
        Field::Vdn,
        Field::CallId,
        Field::CallerNo,
        Field::CalleeNo,
        Field::Begin,
        Field::End,
        Field::CallType,
        Field::MediaType,
        Field::EvaluationValue,
    ];

    /// A stable, DOM-friendly id such as `"sub-cc-no"`.
    pub fn id(self) -> &'static str {
        match self {
            Field::SubCcNo => "sub-cc-no",
            Field::Vdn => "vdn",
            Field::CallId => "call-id",
            Field::CallerNo => "caller-no",
            Field::CalleeNo => "callee-no",
            Field::Begin => "begin",
            Field::End => "end",
            Field::CallType => "call-type",
            Field::MediaType => "media-type",
            Field::EvaluationValue => "evaluation-value",
        }
    }

    /// Longest accepted value, in characters. Nothing documents limits; these are generous
    /// bounds that catch pasted garbage before the service answers with a bare 500.
    pub fn max_chars(self) -> usize {
        match self {
            Field::CallId => 128,
            Field::Begin | Field::End => 32,
            _ => 64,
        }
    }
}

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Severity {
    /// The search cannot be sent.
    Error,
    /// The search can be sent, but the value is probably not what the user meant.
    Warning,
}

/// What is wrong with a field.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// Mandatory and empty.
    Required,
    /// Must be digits only.
    DigitsOnly,
    /// Neither a call ID nor a begin or end time was given.
    NeedCallIdOrDate,
    /// Not a complete, real date and time.
    InvalidDateTime,
    /// A time typed in a year outside [`CALL_YEARS`] (2000 to 2099, as
    /// `crate::time::MIN_CALL_TIME_MS` and `MAX_CALL_TIME_MS` bound a plausible call time):
    /// no call is recorded then, and the service rejects such a search as malformed.
    TimeOutOfRange,
    /// The end is before the begin.
    BeginAfterEnd,
    /// A phone number with characters other than digits, spaces and `+ * # - ( )`.
    PhoneCharacters,
    /// Not a documented code (still sent: the API's own example uses such values).
    UnknownCode,
    /// Longer than the field allows (for Call ID: one of its IDs).
    TooLong {
        /// Most characters allowed.
        max: usize,
    },
    /// Lists of Call IDs and of calling numbers at once: a batch searches one of them.
    TwoLists,
    /// More Call IDs (or calling numbers, on that field) than one search takes
    /// ([`MAX_IDS`]).
    TooManyIds {
        /// Most IDs allowed.
        max: usize,
        /// IDs typed (distinct up to the limit).
        count: usize,
    },
}

/// One problem with one field.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Problem {
    /// The field it is shown beside.
    pub field: Field,
    /// Whether it blocks the search.
    pub severity: Severity,
    /// What is wrong.
    pub kind: ProblemKind,
}

impl Problem {
    fn error(field: Field, kind: ProblemKind) -> Problem {
        Problem {
            field,
            severity: Severity::Error,
            kind,
        }
    }

    /// The message shown beside the field: what is wrong and what to do.
    pub fn message(&self, locale: Locale) -> String {
        let zh = locale == Locale::ZhCn;
        match (&self.kind, self.field) {
            (ProblemKind::Required, Field::SubCcNo) if zh => "请输入呼叫中心 ID。".into(),
            (ProblemKind::Required, Field::SubCcNo) => "Enter the call center ID.".into(),
            (ProblemKind::Required, Field::Vdn) if zh => "请输入 VDN（租户 ID）。".into(),
            (ProblemKind::Required, Field::Vdn) => "Enter the VDN (tenant ID).".into(),
            (ProblemKind::Required, _) if zh => "此项为必填项。".into(),
            (ProblemKind::Required, _) => "This field is required.".into(),
            (ProblemKind::DigitsOnly, _) if zh => "只能输入数字（0–9）。".into(),
            (ProblemKind::DigitsOnly, _) => "Use digits only (0–9).".into(),
            (ProblemKind::NeedCallIdOrDate, _) if zh => {
                "请输入呼叫 ID，或者开始时间或结束时间。".into()
            }
            (ProblemKind::NeedCallIdOrDate, _) => "Enter a Call ID, or a Begin or End time.".into(),
            (ProblemKind::InvalidDateTime, _) if zh => {
                "请输入完整的日期和时间：年、月、日、时、分。".into()
            }
            // No example: the browser's date field shows its own locale's order
            // (11/30/2026, 30.11.2026), which an example in another order contradicted.
            (ProblemKind::InvalidDateTime, _) => {
                "Enter a complete date and time: day, month, year, hours and minutes.".into()
            }
            (ProblemKind::TimeOutOfRange, _) if zh => "请输入 2000 年至 2099 年之间的时间。".into(),
            (ProblemKind::TimeOutOfRange, _) => "Enter a time from the year 2000 to 2099.".into(),
            (ProblemKind::BeginAfterEnd, _) if zh => {
                "结束时间早于开始时间。请选择晚于开始时间的结束时间。".into()
            }
            (ProblemKind::BeginAfterEnd, _) => {
                "End is before Begin. Choose an End time after the Begin time.".into()
            }
            (ProblemKind::PhoneCharacters, _) if zh => {
                "号码只能包含数字、空格和 + * # - ( )。".into()
            }
            (ProblemKind::PhoneCharacters, _) => {
                "Use only digits, spaces and + * # - ( ) in a phone number.".into()
            }
            (ProblemKind::UnknownCode, Field::MediaType) if zh => {
                "这不是文档中的媒体类型代码，将按输入内容发送。".into()
            }
            (ProblemKind::UnknownCode, Field::MediaType) => {
                "Not a documented media type code. It will be sent as entered.".into()
            }
            (ProblemKind::UnknownCode, Field::CallType) if zh => {
                "这不是文档中的呼叫类型代码，将按输入内容发送。".into()
            }
            (ProblemKind::UnknownCode, Field::CallType) => {
                "Not a documented call type code. It will be sent as entered.".into()
            }
            (ProblemKind::UnknownCode, _) if zh => "这不是文档中的代码，将按输入内容发送。".into(),
            (ProblemKind::UnknownCode, _) => {
                "Not a documented code. It will be sent as entered.".into()
            }
            (ProblemKind::TooLong { max }, _) if zh => format!("过长：最多 {max} 个字符。"),
            (ProblemKind::TooLong { max }, _) => {
                format!("Too long: use at most {max} characters.")
            }
            (ProblemKind::TwoLists, _) if zh => {
                "一次搜索只能列出多个呼叫 ID 或多个主叫号码，不能同时列出两者。".into()
            }
            (ProblemKind::TwoLists, _) => {
                "List several Call IDs or several calling numbers, not both in one search.".into()
            }
            (ProblemKind::TooManyIds { max, count }, Field::CallerNo) if zh => {
                format!("主叫号码过多：输入了 {count} 个，一次最多 {max} 个。")
            }
            (ProblemKind::TooManyIds { max, count }, Field::CallerNo) => {
                format!("Too many calling numbers: {count} entered, at most {max} in one search.")
            }
            (ProblemKind::TooManyIds { max, count }, _) if zh => {
                format!("呼叫 ID 过多：输入了 {count} 个，一次最多 {max} 个。")
            }
            (ProblemKind::TooManyIds { max, count }, _) => {
                format!("Too many Call IDs: {count} entered, at most {max} in one search.")
            }
        }
    }
}

/// The outcome of validating a form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validation {
    /// Every problem found, errors and warnings, in form order.
    pub problems: Vec<Problem>,
    /// The request body; `Some` iff there is no error-severity problem.
    pub query: Option<Query>,
}

impl Validation {
    /// The problems (errors and warnings) attached to one field.
    pub fn errors_for(&self, f: Field) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(move |p| p.field == f)
    }

    /// Whether the search can be sent.
    pub fn is_valid(&self) -> bool {
        self.query.is_some()
    }
}

fn is_phone_char(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '+' | '*' | '#' | '-' | ' ' | '(' | ')')
}

/// Checks the length, then returns the trimmed value.
fn checked<'a>(problems: &mut Vec<Problem>, field: Field, raw: &'a str) -> &'a str {
    let v = raw.trim();
    let max = field.max_chars();
    // Byte length bounds char count from above: only count chars when it could matter.
    if v.len() > max && v.chars().count() > max {
        problems.push(Problem::error(field, ProblemKind::TooLong { max }));
    }
    v
}

/// The Call IDs of the field (see [`split_ids`]), checked as [`list_items`] does.
fn call_ids<'a>(problems: &mut Vec<Problem>, raw: &'a str) -> Vec<&'a str> {
    let ids = split_ids(raw);
    list_items(problems, Field::CallId, &ids);
    ids
}

/// The calling numbers of the field ([`split_numbers`]), checked as [`list_items`] does,
/// and each of phone characters.
fn caller_nos<'a>(problems: &mut Vec<Problem>, raw: &'a str) -> Vec<&'a str> {
    let numbers = split_numbers(raw);
    list_items(problems, Field::CallerNo, &numbers);
    if !numbers.iter().all(|n| n.chars().all(is_phone_char)) {
        problems.push(Problem::error(
            Field::CallerNo,
            ProblemKind::PhoneCharacters,
        ));
    }
    numbers
}

/// A list field's rules ([`crate::batch`]): each item within [`Field::max_chars`], at most
/// [`MAX_IDS`] items.
fn list_items(problems: &mut Vec<Problem>, field: Field, items: &[&str]) {
    let max = field.max_chars();
    if items
        .iter()
        .any(|item| item.len() > max && item.chars().count() > max)
    {
        problems.push(Problem::error(field, ProblemKind::TooLong { max }));
    }
    if items.len() > MAX_IDS {
        problems.push(Problem::error(
            field,
            ProblemKind::TooManyIds {
                max: MAX_IDS,
                count: items.len(),
            },
        ));
    }
}

fn digits_field(problems: &mut Vec<Problem>, field: Field, raw: &str) {
    let v = checked(problems, field, raw);
    if v.is_empty() {
        problems.push(Problem::error(field, ProblemKind::Required));
    } else if !v.bytes().all(|b| b.is_ascii_digit()) {
        problems.push(Problem::error(field, ProblemKind::DigitsOnly));
    }
}

fn phone_field(problems: &mut Vec<Problem>, field: Field, raw: &str) {
    let v = checked(problems, field, raw);
    if !v.chars().all(is_phone_char) {
        problems.push(Problem::error(field, ProblemKind::PhoneCharacters));
    }
}

fn date_field(
    problems: &mut Vec<Problem>,
    field: Field,
    raw: &str,
    unreadable: bool,
    zone: &Zone,
) -> Option<i64> {
    let v = checked(problems, field, raw);
    if unreadable && v.is_empty() {
        problems.push(Problem::error(field, ProblemKind::InvalidDateTime));
        return None;
    }
    if v.is_empty() {
        return None;
    }
    let Some(ms) = parse_input(v, zone) else {
        problems.push(Problem::error(field, ProblemKind::InvalidDateTime));
        return None;
    };
    // The year as typed, on the zone's clock (2000-01-01 00:00 in Shanghai is still 1999
    // in UTC).
    let year = v.split('-').next().and_then(|y| y.parse::<i64>().ok());
    if !year.is_some_and(|y| CALL_YEARS.contains(&y)) {
        problems.push(Problem::error(field, ProblemKind::TimeOutOfRange));
        return None;
    }
    Some(ms)
}

fn code_field(problems: &mut Vec<Problem>, field: Field, raw: &str, known: bool) {
    let v = checked(problems, field, raw);
    if !v.is_empty() && !known {
        problems.push(Problem {
            field,
            severity: Severity::Warning,
            kind: ProblemKind::UnknownCode,
        });
    }
}

/// Finds every problem at once.
///
/// Rules: `subCcNo` and `vdn` are required, digits only; a call ID (or a list of them, at
/// most [`MAX_IDS`], each within its length: [`crate::batch`]) or a begin or end time
/// is required (the problem is attached to both Call ID and Begin so both fields show it);
/// times must be complete and real (a time the browser could not read, `unreadable_times`,
/// is said to be incomplete, not taken as none) and in [`CALL_YEARS`]; begin must not be
/// after end (shown on End); phone numbers take phone characters only; undocumented call/media type codes are warnings;
/// every field has a maximum length.
pub fn validate(form: &QueryForm, zone: &Zone) -> Validation {
    let mut problems = Vec::new();
    digits_field(&mut problems, Field::SubCcNo, &form.sub_cc_no);
    digits_field(&mut problems, Field::Vdn, &form.vdn);
    let ids = call_ids(&mut problems, &form.call_id);
    let call_id = join_ids(&ids);
    // A time typed in part is a time given, if not a readable one: its field says so.
    let no_dates = form.begin.trim().is_empty()
        && form.end.trim().is_empty()
        && !form.unreadable_times.contains(&true);
    if call_id.is_empty() && no_dates {
        problems.push(Problem::error(Field::CallId, ProblemKind::NeedCallIdOrDate));
    }
    let numbers = caller_nos(&mut problems, &form.caller_no);
    if ids.len() > 1 && numbers.len() > 1 {
        problems.push(Problem::error(Field::CallerNo, ProblemKind::TwoLists));
    }
    let caller_no = join_ids(&numbers);
    phone_field(&mut problems, Field::CalleeNo, &form.callee_no);
    if call_id.is_empty() && no_dates {
        problems.push(Problem::error(Field::Begin, ProblemKind::NeedCallIdOrDate));
    }
    let [begin_unreadable, end_unreadable] = form.unreadable_times;
    let begin = date_field(
        &mut problems,
        Field::Begin,
        &form.begin,
        begin_unreadable,
        zone,
    );
    let end = date_field(&mut problems, Field::End, &form.end, end_unreadable, zone);
    if let (Some(b), Some(e)) = (begin, end) {
        if b > e {
            problems.push(Problem::error(Field::End, ProblemKind::BeginAfterEnd));
        }
    }
    let call_type = form.call_type.trim();
    code_field(
        &mut problems,
        Field::CallType,
        call_type,
        CallType::KNOWN.contains(&call_type),
    );
    let media_type = form.media_type.trim();
    code_field(
        &mut problems,
        Field::MediaType,
        media_type,
        MediaType::KNOWN.contains(&media_type),
    );
    checked(
        &mut problems,
        Field::EvaluationValue,
        &form.evaluation_value,
    );

    let has_error = problems.iter().any(|p| p.severity == Severity::Error);
    let query = (!has_error).then(|| Query {
        sub_cc_no: form.sub_cc_no.trim().to_string(),
        vdn: form.vdn.trim().to_string(),
        call_id,
        caller_no,
        callee_no: form.callee_no.trim().to_string(),
        begin_date: begin,
        end_date: end,
        call_type: call_type.to_string(),
        media_type: media_type.to_string(),
        evaluation_value: form.evaluation_value.trim().to_string(),
    });
    Validation { problems, query }
}
