//! How a call ended for the supervisor — answered, abandoned, abandoned within seconds, not
//! answered for another reason, or unknown — derived from `ackBegin`, `leaveReason` and the
//! begin/end times, with the rule that decided it ([`OutcomeRule`]) so the page can say why.
//! (Not to be confused with [`crate::outcome`], which reads what an HTTP answer means.)
//!
//! Source: the vendor's documentation of the response fields (`ackBegin`: "call answering
//! start time"; `waitBegin`: "call waiting start time"; `callBegin`/`callEnd`) and its
//! "call leave-device reason" table, which API-NOTES.md infers `leaveReason` shares
//! ([`crate::codes::LeaveReason`]). The rules, first match wins:
//!
//! 1. `ackBegin` is set but is not a plausible time ([`call_time_ms`]): **unknown**
//!    ([`OutcomeRule::AnswerTimeUnreadable`]). An empty `ackBegin` counts as absent.
//! 2. `ackBegin` is a time and `leaveReason` is one that says nobody was reached (89 user
//!    hung up before answer, 3 no agent on duty, 20 busy, 22 phone off, 23 out of service
//!    area, 24 number does not exist, 26 no answer, 27 rejected, 49/50 agent rejected):
//!    the two contradict each other, **unknown** ([`OutcomeRule::AnswerContradicted`]).
//! 3. `ackBegin` is a time: **answered** ([`OutcomeRule::AnswerTime`]), whatever else the
//!    leave reason says (88 and 16 are the usual ends of an answered call; 15, 17, 0 and
//!    transfers can follow an answer too).
//! 4. No answer time and leave reason 89 (user hung up before answer) or 15 (user released):
//!    the caller gave up, **abandoned** ([`OutcomeRule::CallerHungUp`]); **short abandon**
//!    when the wait — `waitBegin` (else `callBegin`) to `callEnd` — is at most
//!    `shortAbandonSeconds` (a wait that cannot be measured is not short).
//! 5. No answer time and a leave reason that says why nobody answered (1 overflow, 2 timeout
//!    transfer, 3 no agent on duty, 5 agent no-answer transfer, 17 transferred out, 20 busy,
//!    22, 23, 24 unreachable, 26 no answer, 27, 49, 50 rejected): **not answered**
//!    ([`OutcomeRule::NotConnected`]).
//! 6. No answer time but leave reason 88 (user hung up after the agent answered) or 16
//!    (agent released): the reason says answered, the time is missing, **unknown**
//!    ([`OutcomeRule::AnswerTimeMissing`]).
//! 7. No answer time and leave reason 0 (normal access or transfer), an undocumented code or
//!    an empty one: **unknown** ([`OutcomeRule::ReasonUndecided`]); no leave reason at all:
//!    **unknown** ([`OutcomeRule::NoLeaveReason`]).

use std::fmt::Write as _;

use crate::codes::{code_number, LeaveReason};
use crate::fields::{Record, RecordField};
use crate::locale::Locale;
use crate::time::call_time_ms;

/// `shortAbandonSeconds`' default: abandoned within 5 s is a short abandon.
pub const DEFAULT_SHORT_ABANDON_SECONDS: u32 = 5;

/// `serviceLevelSeconds`' default: the common "80 % answered within 20 seconds" target's 20.
pub const DEFAULT_SERVICE_LEVEL_SECONDS: u32 = 20;

/// The settings of the outcome rules and the KPI strip, from `config.json`
/// (`shortAbandonSeconds`, `serviceLevelSeconds`, `satisfiedLevels`; read and checked by
/// [`crate::config::parse_analytics`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Analytics {
    /// An abandoned call that waited at most this many seconds is a short abandon.
    pub short_abandon_seconds: u32,
    /// The service level counts calls answered within this many seconds.
    pub service_level_seconds: u32,
    /// The `evaluationValue`s that count as satisfied (compared by code number when they
    /// are numbers, so `"05"` is `"5"`); empty: the satisfaction figure is not set.
    pub satisfied_levels: Vec<String>,
}

impl Default for Analytics {
    fn default() -> Self {
        Analytics {
            short_abandon_seconds: DEFAULT_SHORT_ABANDON_SECONDS,
            service_level_seconds: DEFAULT_SERVICE_LEVEL_SECONDS,
            satisfied_levels: Vec::new(),
        }
    }
}

/// Leave reasons that end a call the caller gave up on before an answer: 89 user hung up
/// before answer, 15 user released.
pub const CALLER_GAVE_UP: [u32; 2] = [89, 15];

/// Leave reasons that say why nobody answered (no agent, busy, unreachable, rejected,
/// overflow and timeout transfers, transferred out).
pub const NOT_CONNECTED: [u32; 13] = [1, 2, 3, 5, 17, 20, 22, 23, 24, 26, 27, 49, 50];

/// Leave reasons that say nobody was reached, so an answer time beside them contradicts
/// them (the transfers of [`NOT_CONNECTED`] may happen after an answer and do not).
pub const NOBODY_REACHED: [u32; 10] = [89, 3, 20, 22, 23, 24, 26, 27, 49, 50];

/// Leave reasons that say an agent answered: 88 user hung up after the answer, 16 agent
/// released.
pub const SAYS_ANSWERED: [u32; 2] = [88, 16];

/// How a call ended, for the supervisor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CallOutcome {
    /// An agent answered (`ackBegin` is a time).
    Answered,
    /// The caller gave up before an answer, after more than `shortAbandonSeconds`.
    Abandoned,
    /// The caller gave up before an answer within `shortAbandonSeconds` (a misdial, a
    /// change of mind): reported apart because it says little about service.
    ShortAbandon,
    /// Nobody answered for another reason: no agent on duty, busy, rejected, unreachable,
    /// transferred on.
    NotAnswered,
    /// The record does not say (missing or contradictory fields).
    Unknown,
}

impl CallOutcome {
    /// Every outcome, in the order the table sorts them (ascending).
    pub const ALL: [CallOutcome; 5] = [
        CallOutcome::Answered,
        CallOutcome::Abandoned,
        CallOutcome::ShortAbandon,
        CallOutcome::NotAnswered,
        CallOutcome::Unknown,
    ];

    /// A stable key (`"answered"`, `"abandoned"`, `"shortAbandon"`, `"notAnswered"`,
    /// `"unknown"`), for DOM attributes and tests.
    pub fn key(self) -> &'static str {
        match self {
            CallOutcome::Answered => "answered",
            CallOutcome::Abandoned => "abandoned",
            CallOutcome::ShortAbandon => "shortAbandon",
            CallOutcome::NotAnswered => "notAnswered",
            CallOutcome::Unknown => "unknown",
        }
    }

    /// The label in `locale` (the table cell, the CSV and the quick filter use it).
    pub fn label(self, locale: Locale) -> &'static str {
        let zh = locale == Locale::ZhCn;
        match (self, zh) {
            (CallOutcome::Answered, false) => "Answered",
            (CallOutcome::Answered, true) => "已应答",
            (CallOutcome::Abandoned, false) => "Abandoned",
            (CallOutcome::Abandoned, true) => "放弃",
            (CallOutcome::ShortAbandon, false) => "Short abandon",
            (CallOutcome::ShortAbandon, true) => "短时放弃",
            (CallOutcome::NotAnswered, false) => "Not answered",
            (CallOutcome::NotAnswered, true) => "未接通",
            (CallOutcome::Unknown, false) => "Unknown",
            (CallOutcome::Unknown, true) => "未知",
        }
    }

    /// The position in [`CallOutcome::ALL`] (0 to 4): the sort key.
    pub fn rank(self) -> u8 {
        self as u8
    }
}

/// The rule that decided a [`CallOutcome`] (the module documentation lists them in order).
/// Codes are the leave reason as a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OutcomeRule {
    /// Rule 3: `ackBegin` is a time and the leave reason does not contradict it.
    AnswerTime,
    /// Rule 4: no answer time; the leave reason (89 or 15) says the caller gave up.
    CallerHungUp(u32),
    /// Rule 5: no answer time; the leave reason says why nobody answered.
    NotConnected(u32),
    /// Rule 2: `ackBegin` is a time but the leave reason says nobody was reached.
    AnswerContradicted(u32),
    /// Rule 6: no answer time but the leave reason (88 or 16) says an agent answered.
    AnswerTimeMissing(u32),
    /// Rule 1: `ackBegin` is set but is not a time.
    AnswerTimeUnreadable,
    /// Rule 7: no answer time and a leave reason that decides nothing (0, undocumented,
    /// empty).
    ReasonUndecided,
    /// Rule 7: no answer time and no leave reason.
    NoLeaveReason,
}

/// A record's outcome, the rule that decided it and, for an abandoned call, how long the
/// caller waited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decision {
    /// The outcome.
    pub outcome: CallOutcome,
    /// Why.
    pub rule: OutcomeRule,
    /// For a call the caller gave up on: ms from `waitBegin` (else `callBegin`) to
    /// `callEnd`; `None` when either is missing, not a time, or the span is negative.
    pub abandon_wait_ms: Option<i64>,
    /// For an answered call: `ackBegin` as epoch ms (parsed once here, so the KPIs need not
    /// parse it again).
    pub answer_ms: Option<i64>,
}

/// The outcome of one record, by the rules of the module documentation. An abandoned call
/// whose wait is at most `short_abandon_seconds` (seconds, inclusive: 5 s is short with the
/// default 5) is a short abandon.
pub fn classify(r: &Record, short_abandon_seconds: u32) -> Decision {
    let reason = r.get(RecordField::LeaveReason);
    let code = reason.and_then(code_number);
    let decide = |outcome, rule| Decision {
        outcome,
        rule,
        abandon_wait_ms: None,
        answer_ms: None,
    };
    match r.ack_begin().map(str::trim).filter(|t| !t.is_empty()) {
        Some(ack) => match (call_time_ms(ack), code) {
            (None, _) => decide(CallOutcome::Unknown, OutcomeRule::AnswerTimeUnreadable),
            (Some(_), Some(c)) if NOBODY_REACHED.contains(&c) => {
                decide(CallOutcome::Unknown, OutcomeRule::AnswerContradicted(c))
            }
            (answer_ms, _) => Decision {
                answer_ms,
                ..decide(CallOutcome::Answered, OutcomeRule::AnswerTime)
            },
        },
        None => match code {
            Some(c) if CALLER_GAVE_UP.contains(&c) => {
                let wait = abandon_wait_ms(r);
                let limit = i64::from(short_abandon_seconds) * 1000;
                let outcome = if wait.is_some_and(|ms| ms <= limit) {
                    CallOutcome::ShortAbandon
                } else {
                    CallOutcome::Abandoned
                };
                Decision {
                    outcome,
                    rule: OutcomeRule::CallerHungUp(c),
                    abandon_wait_ms: wait,
                    answer_ms: None,
                }
            }
            Some(c) if NOT_CONNECTED.contains(&c) => {
                decide(CallOutcome::NotAnswered, OutcomeRule::NotConnected(c))
            }
            Some(c) if SAYS_ANSWERED.contains(&c) => {
                decide(CallOutcome::Unknown, OutcomeRule::AnswerTimeMissing(c))
            }
            _ if reason.is_some() => decide(CallOutcome::Unknown, OutcomeRule::ReasonUndecided),
            _ => decide(CallOutcome::Unknown, OutcomeRule::NoLeaveReason),
        },
    }
}

/// The outcome alone ([`classify`]).
pub fn outcome_of(r: &Record, short_abandon_seconds: u32) -> CallOutcome {
    classify(r, short_abandon_seconds).outcome
}

/// How long a caller who gave up waited: `waitBegin` (else `callBegin`) to `callEnd`, ms.
fn abandon_wait_ms(r: &Record) -> Option<i64> {
    let time = |f| r.get(f).and_then(call_time_ms);
    let from = time(RecordField::WaitBegin).or_else(|| time(RecordField::CallBegin))?;
    let to = time(RecordField::CallEnd)?;
    (to >= from).then_some(to - from)
}

impl Decision {
    /// How long the caller of `r` (the record decided) waited, ms: until the answer
    /// ([`Record::wait_ms`]), or, having given up, until they hung up
    /// ([`Decision::abandon_wait_ms`]). What the wait filter and the detail's Wait show.
    pub fn wait_ms(&self, r: &Record) -> Option<i64> {
        r.wait_ms().or(self.abandon_wait_ms)
    }

    /// How long the caller of `r` (the record decided) talked, ms: an answered call's
    /// `ackBegin` to `callEnd`, when not negative; none for a call not answered (its
    /// `callBegin` → `callEnd` was spent waiting). What the talk filter, the detail's Talk,
    /// the KPIs' average talk and the summary's average talk time count.
    pub fn talk_ms(&self, r: &Record) -> Option<i64> {
        if self.outcome != CallOutcome::Answered {
            return None;
        }
        let answer = self.answer_ms?;
        let end = r.get(RecordField::CallEnd).and_then(call_time_ms)?;
        (end >= answer).then_some(end - answer)
    }

    /// The detail panel's line: the outcome and the rule that decided it, in `locale`, e.g.
    /// `"Abandoned: hung up before an answer (leave reason 89), after 0:42"`. `r` is the
    /// record the decision is about (for an undocumented leave reason's raw text);
    /// `short_abandon_seconds` is the limit the decision used.
    pub fn explain(&self, r: &Record, locale: Locale, short_abandon_seconds: u32) -> String {
        let zh = locale == Locale::ZhCn;
        let label = |c: u32| {
            LeaveReason::label_of(&c.to_string(), locale)
                .unwrap_or_default()
                .to_string()
        };
        let raw = r
            .get(RecordField::LeaveReason)
            .map(str::trim)
            .unwrap_or_default();
        let mut out = String::from(self.outcome.label(locale));
        out.push_str(if zh { "：" } else { ": " });
        let _ = match (self.rule, zh) {
            (OutcomeRule::AnswerTime, false) => {
                write!(
                    out,
                    "it has an Answer begin time, and the leave reason does not contradict it"
                )
            }
            (OutcomeRule::AnswerTime, true) => write!(out, "有应答开始时间，离开原因与之不矛盾"),
            (OutcomeRule::CallerHungUp(89), false) => {
                write!(out, "hung up before an answer (leave reason 89)")
            }
            (OutcomeRule::CallerHungUp(89), true) => write!(out, "应答前挂机（离开原因 89）"),
            (OutcomeRule::CallerHungUp(c), false) => {
                write!(
                    out,
                    "the caller released the call with no answer time (leave reason {c})"
                )
            }
            (OutcomeRule::CallerHungUp(c), true) => {
                write!(out, "无应答时间，用户释放了呼叫（离开原因 {c}）")
            }
            (OutcomeRule::NotConnected(c), false) => {
                write!(out, "no answer time; leave reason {c}, {}", label(c))
            }
            (OutcomeRule::NotConnected(c), true) => {
                write!(out, "无应答时间；离开原因 {c}，{}", label(c))
            }
            (OutcomeRule::AnswerContradicted(c), false) => write!(
                out,
                "it has an Answer begin time, but leave reason {c} ({}) says nobody answered",
                label(c)
            ),
            (OutcomeRule::AnswerContradicted(c), true) => write!(
                out,
                "有应答开始时间，但离开原因 {c}（{}）表示无人应答",
                label(c)
            ),
            (OutcomeRule::AnswerTimeMissing(c), false) => write!(
                out,
                "leave reason {c} ({}) says an agent answered, but there is no Answer begin time",
                label(c)
            ),
            (OutcomeRule::AnswerTimeMissing(c), true) => write!(
                out,
                "离开原因 {c}（{}）表示坐席已应答，但没有应答开始时间",
                label(c)
            ),
            (OutcomeRule::AnswerTimeUnreadable, false) => {
                write!(out, "Answer begin is set but is not a time")
            }
            (OutcomeRule::AnswerTimeUnreadable, true) => write!(out, "应答开始时间有值但不是时间"),
            (OutcomeRule::ReasonUndecided, false) => write!(
                out,
                "no answer time, and leave reason \"{raw}\" does not say whether anyone answered"
            ),
            (OutcomeRule::ReasonUndecided, true) => {
                write!(out, "无应答时间，离开原因“{raw}”不能说明是否有人应答")
            }
            (OutcomeRule::NoLeaveReason, false) => {
                write!(out, "no answer time and no leave reason")
            }
            (OutcomeRule::NoLeaveReason, true) => write!(out, "无应答时间，也无离开原因"),
        };
        if matches!(self.rule, OutcomeRule::CallerHungUp(_)) {
            let limit = short_abandon_seconds;
            let _ = match (self.abandon_wait_ms, zh) {
                (Some(ms), false) => {
                    let op = if self.outcome == CallOutcome::ShortAbandon {
                        "≤"
                    } else {
                        ">"
                    };
                    write!(out, ", after {} s waiting ({op} {limit} s)", ms / 1000)
                }
                (Some(ms), true) => {
                    let op = if self.outcome == CallOutcome::ShortAbandon {
                        "≤"
                    } else {
                        ">"
                    };
                    write!(out, "，等待 {} 秒（{op} {limit} 秒）", ms / 1000)
                }
                (None, false) => write!(out, "; the wait cannot be measured, so it is not short"),
                (None, true) => write!(out, "；等待时长无法计算，因此不算短时放弃"),
            };
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-20 08:00:00 UTC.
    const T: i64 = 1_795_132_800_000;

    fn at(offset_s: i64) -> String {
        (T + offset_s * 1000).to_string()
    }

    /// A record with the given `ackBegin` and `leaveReason`, waiting from `T` and ending
    /// `end_s` seconds later.
    fn call(ack: Option<&str>, reason: Option<&str>, end_s: i64) -> Record {
        Record::builder()
            .call_begin(&at(0))
            .wait_begin(&at(0))
            .call_end(&at(end_s))
            .with(RecordField::AckBegin, ack)
            .with(RecordField::LeaveReason, reason)
            .build()
    }

    fn decide(ack: Option<&str>, reason: Option<&str>) -> (CallOutcome, OutcomeRule) {
        let d = classify(&call(ack, reason, 60), 5);
        (d.outcome, d.rule)
    }

    #[test]
    fn an_answer_time_means_answered_unless_the_reason_says_nobody_answered() {
        let ack = at(10);
        for reason in [
            Some("88"),
            Some("16"),
            Some("15"),
            Some("17"),
            Some("0"),
            Some("2"),
            Some("99"),
            None,
        ] {
            assert_eq!(
                decide(Some(&ack), reason),
                (CallOutcome::Answered, OutcomeRule::AnswerTime),
                "{reason:?}"
            );
        }
        assert_eq!(
            decide(Some(&ack), Some("89")),
            (CallOutcome::Unknown, OutcomeRule::AnswerContradicted(89))
        );
        assert_eq!(
            decide(Some(&ack), Some(" 026")),
            (CallOutcome::Unknown, OutcomeRule::AnswerContradicted(26))
        );
        // The API's example sends "100010" as a time: not a time, so it decides nothing.
        assert_eq!(
            decide(Some("100010"), Some("88")),
            (CallOutcome::Unknown, OutcomeRule::AnswerTimeUnreadable)
        );
        // An empty ackBegin is no answer time.
        assert_eq!(decide(Some(" "), Some("89")).0, CallOutcome::Abandoned);
    }

    #[test]
    fn no_answer_time_is_decided_by_the_leave_reason() {
        assert_eq!(
            decide(None, Some("89")),
            (CallOutcome::Abandoned, OutcomeRule::CallerHungUp(89))
        );
        assert_eq!(
            decide(None, Some("15")),
            (CallOutcome::Abandoned, OutcomeRule::CallerHungUp(15))
        );
        for c in NOT_CONNECTED {
            assert_eq!(
                decide(None, Some(&c.to_string())),
                (CallOutcome::NotAnswered, OutcomeRule::NotConnected(c))
            );
        }
        assert_eq!(
            decide(None, Some("88")),
            (CallOutcome::Unknown, OutcomeRule::AnswerTimeMissing(88))
        );
        assert_eq!(
            decide(None, Some("16")),
            (CallOutcome::Unknown, OutcomeRule::AnswerTimeMissing(16))
        );
        for reason in ["0", "99", "", "x"] {
            assert_eq!(
                decide(None, Some(reason)),
                (CallOutcome::Unknown, OutcomeRule::ReasonUndecided),
                "{reason}"
            );
        }
        assert_eq!(
            decide(None, None),
            (CallOutcome::Unknown, OutcomeRule::NoLeaveReason)
        );
    }

    #[test]
    fn a_short_abandon_waited_at_most_the_limit() {
        // Waiting from T: 5 s is within a 5 s limit, 6 s is not.
        let d = classify(&call(None, Some("89"), 5), 5);
        assert_eq!(d.outcome, CallOutcome::ShortAbandon);
        assert_eq!(d.abandon_wait_ms, Some(5_000));
        assert_eq!(
            classify(&call(None, Some("89"), 6), 5).outcome,
            CallOutcome::Abandoned
        );
        assert_eq!(
            classify(&call(None, Some("15"), 6), 10).outcome,
            CallOutcome::ShortAbandon
        );
        // waitBegin missing: the wait runs from callBegin.
        let r = call(None, Some("89"), 3)
            .to_builder()
            .with(RecordField::WaitBegin, None)
            .build();
        assert_eq!(classify(&r, 5).outcome, CallOutcome::ShortAbandon);
        // From waitBegin when present: a 40 s IVR then 3 s in the queue is short.
        let r = call(None, Some("89"), 43)
            .to_builder()
            .wait_begin(&at(40))
            .build();
        assert_eq!(classify(&r, 5).abandon_wait_ms, Some(3_000));
        assert_eq!(classify(&r, 5).outcome, CallOutcome::ShortAbandon);
        // No end: the wait is unknown, the abandon is not short.
        let r = call(None, Some("89"), 1)
            .to_builder()
            .with(RecordField::CallEnd, None)
            .build();
        assert_eq!(classify(&r, 5).outcome, CallOutcome::Abandoned);
        assert_eq!(classify(&r, 5).abandon_wait_ms, None);
        // A not-answered call is never an abandon, however short.
        assert_eq!(
            classify(&call(None, Some("3"), 1), 5).outcome,
            CallOutcome::NotAnswered
        );
    }

    #[test]
    fn the_explanation_names_the_rule_in_both_languages() {
        let r = call(None, Some("89"), 42);
        let d = classify(&r, 5);
        assert_eq!(
            d.explain(&r, Locale::En, 5),
            "Abandoned: hung up before an answer (leave reason 89), after 42 s waiting (> 5 s)"
        );
        assert_eq!(
            d.explain(&r, Locale::ZhCn, 5),
            "放弃：应答前挂机（离开原因 89），等待 42 秒（> 5 秒）"
        );
        let r = call(None, Some("3"), 4);
        assert_eq!(
            classify(&r, 5).explain(&r, Locale::En, 5),
            "Not answered: no answer time; leave reason 3, No agent on duty"
        );
        let r = call(None, Some("99"), 4);
        assert_eq!(
            classify(&r, 5).explain(&r, Locale::En, 5),
            "Unknown: no answer time, and leave reason \"99\" does not say whether anyone answered"
        );
        let r = call(Some(&at(3)), Some("88"), 90);
        assert!(classify(&r, 5)
            .explain(&r, Locale::ZhCn, 5)
            .starts_with("已应答："));
    }

    #[test]
    fn explanations_use_the_panels_field_names_not_the_apis() {
        // One record per rule: answered, contradicted, answer time missing or unreadable.
        let records = [
            call(Some(&at(3)), Some("0"), 90),
            call(Some(&at(3)), Some("89"), 90),
            call(None, Some("88"), 90),
            call(Some("soon"), Some("0"), 90),
            call(None, None, 90),
        ];
        let api_names: Vec<&str> = RecordField::ALL.iter().map(|f| f.name()).collect();
        for r in &records {
            for locale in [Locale::En, Locale::ZhCn] {
                let line = classify(r, 5).explain(r, locale, 5);
                for name in &api_names {
                    assert!(!line.contains(name), "{line:?} names {name}");
                }
            }
        }
        let r = &records[2];
        assert!(classify(r, 5)
            .explain(r, Locale::En, 5)
            .contains(RecordField::AckBegin.label(Locale::En)));
    }

    #[test]
    fn outcomes_sort_and_label_in_order() {
        let keys: Vec<&str> = CallOutcome::ALL.iter().map(|o| o.key()).collect();
        assert_eq!(
            keys,
            [
                "answered",
                "abandoned",
                "shortAbandon",
                "notAnswered",
                "unknown"
            ]
        );
        for (i, o) in CallOutcome::ALL.into_iter().enumerate() {
            assert_eq!(usize::from(o.rank()), i);
            assert_ne!(o.label(Locale::En), o.label(Locale::ZhCn));
        }
    }
}
