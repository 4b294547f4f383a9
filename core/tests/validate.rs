//! Form validation rules, as the supervisor filling in the form sees them.

use cdr_core::validate::{validate, Field, Problem, ProblemKind, Severity, Validation};
use cdr_core::{Locale, QueryForm, Zone};

const CST: Zone = Zone::Fixed {
    offset_minutes: 480,
};

fn form() -> QueryForm {
    QueryForm {
        sub_cc_no: "1".into(),
        vdn: "10".into(),
        begin: "2022-07-18T08:00".into(),
        end: "2022-07-19T08:00".into(),
        ..QueryForm::default()
    }
}

fn kinds(v: &Validation, f: Field) -> Vec<ProblemKind> {
    v.errors_for(f).map(|p| p.kind.clone()).collect()
}

#[test]
fn a_complete_form_gives_the_request_in_the_zone() {
    let v = validate(&form(), &CST);
    assert!(v.is_valid(), "{:?}", v.problems);
    assert!(v.problems.is_empty());
    let q = v.query.expect("query");
    assert_eq!(q.begin_date, Some(1_658_102_400_000));
    assert_eq!(q.end_date, Some(1_658_188_800_000));
    assert_eq!(q.sub_cc_no, "1");
}

#[test]
fn values_are_trimmed_before_sending() {
    let f = QueryForm {
        sub_cc_no: " 1 ".into(),
        caller_no: " 1001 ".into(),
        ..form()
    };
    let q = validate(&f, &Zone::Utc).query.expect("valid");
    assert_eq!(q.sub_cc_no, "1");
    assert_eq!(q.caller_no, "1001");
}

#[test]
fn empty_form_reports_every_problem_at_once() {
    let v = validate(&QueryForm::default(), &Zone::Utc);
    assert!(!v.is_valid());
    assert_eq!(v.query, None);
    assert_eq!(kinds(&v, Field::SubCcNo), [ProblemKind::Required]);
    assert_eq!(kinds(&v, Field::Vdn), [ProblemKind::Required]);
    assert_eq!(kinds(&v, Field::CallId), [ProblemKind::NeedCallIdOrDate]);
    assert_eq!(kinds(&v, Field::Begin), [ProblemKind::NeedCallIdOrDate]);
    assert_eq!(kinds(&v, Field::End), []);
    assert_eq!(v.problems.len(), 4);
}

#[test]
fn ids_must_be_digits() {
    let f = QueryForm {
        sub_cc_no: "1a".into(),
        vdn: "-3".into(),
        ..form()
    };
    let v = validate(&f, &Zone::Utc);
    assert_eq!(kinds(&v, Field::SubCcNo), [ProblemKind::DigitsOnly]);
    assert_eq!(kinds(&v, Field::Vdn), [ProblemKind::DigitsOnly]);
    assert!(!v.is_valid());
}

#[test]
fn a_call_id_alone_or_one_date_alone_is_enough() {
    let by_id = QueryForm {
        call_id: "1669464198-17002955".into(),
        begin: String::new(),
        end: String::new(),
        ..form()
    };
    assert!(validate(&by_id, &Zone::Utc).is_valid());
    let only_end = QueryForm {
        begin: String::new(),
        ..form()
    };
    let q = validate(&only_end, &Zone::Utc).query.expect("valid");
    assert_eq!(q.begin_date, None);
    assert!(q.end_date.is_some());
    let only_begin = QueryForm {
        end: String::new(),
        ..form()
    };
    assert!(validate(&only_begin, &Zone::Utc).is_valid());
}

#[test]
fn incomplete_or_impossible_times_are_errors() {
    for bad in [
        "2022-07-18",
        "2022-02-30T10:00",
        "yesterday",
        "2022-07-18T25:00",
    ] {
        let f = QueryForm {
            begin: bad.into(),
            ..form()
        };
        let v = validate(&f, &Zone::Utc);
        assert_eq!(
            kinds(&v, Field::Begin),
            [ProblemKind::InvalidDateTime],
            "{bad}"
        );
        // Something was typed, so "enter a time" would be the wrong advice.
        assert_eq!(kinds(&v, Field::CallId), []);
    }
}

#[test]
fn a_time_the_browser_could_not_read_is_incomplete_not_absent() {
    // Begin typed in part (the input's value is then ""), End complete.
    let f = QueryForm {
        begin: String::new(),
        end: "2026-11-30T11:00".into(),
        unreadable_times: [true, false],
        ..form()
    };
    let v = validate(&f, &Zone::Utc);
    assert_eq!(kinds(&v, Field::Begin), [ProblemKind::InvalidDateTime]);
    assert!(v.query.is_none(), "no search with the Begin left out");
    // Both typed in part: each says so, and "enter a time" would be the wrong advice.
    let f = QueryForm {
        begin: String::new(),
        end: String::new(),
        unreadable_times: [true, true],
        ..form()
    };
    let v = validate(&f, &Zone::Utc);
    assert_eq!(kinds(&v, Field::Begin), [ProblemKind::InvalidDateTime]);
    assert_eq!(kinds(&v, Field::End), [ProblemKind::InvalidDateTime]);
    assert_eq!(kinds(&v, Field::CallId), []);
}

#[test]
fn times_before_2000_or_from_2100_are_refused_in_the_form() {
    for (bad, field) in [
        ("1900-01-01T00:00", Field::Begin),
        ("1999-12-31T23:59", Field::Begin),
        ("2100-01-01T00:00", Field::End),
        ("275760-09-13T00:00", Field::End),
    ] {
        let f = match field {
            Field::Begin => QueryForm {
                begin: bad.into(),
                ..form()
            },
            _ => QueryForm {
                end: bad.into(),
                ..form()
            },
        };
        let v = validate(&f, &Zone::Utc);
        assert_eq!(kinds(&v, field), [ProblemKind::TimeOutOfRange], "{bad}");
        assert!(v.query.is_none(), "{bad}");
    }
    let edge = QueryForm {
        begin: "2000-01-01T00:00".into(),
        end: "2099-12-31T23:59".into(),
        ..form()
    };
    assert!(validate(&edge, &Zone::Utc).query.is_some());
    // The years on the zone's clock: 2000-01-01 00:00 in Shanghai is 1999 in UTC.
    assert!(validate(&edge, &CST).query.is_some());
}

#[test]
fn begin_after_end_is_shown_on_end() {
    let f = QueryForm {
        begin: "2022-07-19T08:00".into(),
        end: "2022-07-18T08:00".into(),
        ..form()
    };
    let v = validate(&f, &Zone::Utc);
    assert_eq!(kinds(&v, Field::End), [ProblemKind::BeginAfterEnd]);
    assert_eq!(kinds(&v, Field::Begin), []);
    let same = QueryForm {
        end: "2022-07-18T08:00".into(),
        begin: "2022-07-18T08:00".into(),
        ..form()
    };
    assert!(validate(&same, &Zone::Utc).is_valid());
}

#[test]
fn phone_numbers_take_phone_characters_only() {
    let ok = QueryForm {
        caller_no: "+86 (10) 1234-5678 *1#".into(),
        ..form()
    };
    assert!(validate(&ok, &Zone::Utc).is_valid());
    let bad = QueryForm {
        callee_no: "1001; drop".into(),
        ..form()
    };
    let v = validate(&bad, &Zone::Utc);
    assert_eq!(kinds(&v, Field::CalleeNo), [ProblemKind::PhoneCharacters]);
}

#[test]
fn undocumented_codes_warn_but_still_search() {
    // The API page's own request example sends mediaType "10".
    let f = QueryForm {
        media_type: "10".into(),
        call_type: "99".into(),
        evaluation_value: "10".into(),
        ..form()
    };
    let v = validate(&f, &Zone::Utc);
    assert!(v.is_valid());
    let p: Vec<&Problem> = v.problems.iter().collect();
    assert_eq!(p.len(), 2);
    assert!(p
        .iter()
        .all(|p| p.severity == Severity::Warning && p.kind == ProblemKind::UnknownCode));
    let q = v.query.expect("valid");
    assert_eq!((q.media_type.as_str(), q.call_type.as_str()), ("10", "99"));
    let documented = QueryForm {
        media_type: "5".into(),
        call_type: "12".into(),
        ..form()
    };
    assert!(validate(&documented, &Zone::Utc).problems.is_empty());
}

#[test]
fn overlong_values_are_refused() {
    let f = QueryForm {
        call_id: "9".repeat(129),
        vdn: "1".repeat(65),
        ..form()
    };
    let v = validate(&f, &Zone::Utc);
    assert_eq!(
        kinds(&v, Field::CallId),
        [ProblemKind::TooLong { max: 128 }]
    );
    assert_eq!(kinds(&v, Field::Vdn), [ProblemKind::TooLong { max: 64 }]);
    // Length is counted in characters, not bytes.
    let chinese = QueryForm {
        evaluation_value: "满".repeat(64),
        ..form()
    };
    assert!(validate(&chinese, &Zone::Utc).is_valid());
}

#[test]
fn messages_say_what_to_do_in_both_languages() {
    let need = Problem {
        field: Field::CallId,
        severity: Severity::Error,
        kind: ProblemKind::NeedCallIdOrDate,
    };
    assert_eq!(
        need.message(Locale::En),
        "Enter a Call ID, or a Begin or End time."
    );
    assert!(need.message(Locale::ZhCn).contains("呼叫 ID"));
    let long = Problem {
        field: Field::Vdn,
        severity: Severity::Error,
        kind: ProblemKind::TooLong { max: 64 },
    };
    assert!(long.message(Locale::En).contains("64"));
    // Every kind has a distinct, non-empty message per language.
    let v = validate(
        &QueryForm {
            caller_no: "x".into(),
            begin: "x".into(),
            media_type: "1".into(),
            ..QueryForm::default()
        },
        &Zone::Utc,
    );
    for p in &v.problems {
        let (en, zh) = (p.message(Locale::En), p.message(Locale::ZhCn));
        assert!(!en.is_empty() && !zh.is_empty() && en != zh, "{p:?}");
    }
}

#[test]
fn field_ids_are_unique_and_dom_friendly() {
    let ids: std::collections::HashSet<_> = Field::ALL.iter().map(|f| f.id()).collect();
    assert_eq!(ids.len(), Field::ALL.len());
    assert!(ids
        .iter()
        .all(|id| id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')));
    assert_eq!(Field::SubCcNo.id(), "sub-cc-no");
}

#[test]
fn a_list_of_call_ids_is_one_query_with_each_id_once() {
    let f = QueryForm {
        call_id: " 1669464198-17002955,\n1669464198-17002956  1669464198-17002955\t x ".into(),
        begin: String::new(),
        end: String::new(),
        ..form()
    };
    let v = validate(&f, &CST);
    let q = v.query.expect("valid");
    assert_eq!(q.call_id, "1669464198-17002955,1669464198-17002956,x");
    assert_eq!(
        q.call_ids(),
        ["1669464198-17002955", "1669464198-17002956", "x"]
    );
    // The first request asks for the first ID alone.
    assert!(q
        .first_request()
        .to_json()
        .contains(r#""callId":"1669464198-17002955""#));
    // One ID is the search it always was.
    let one = validate(
        &QueryForm {
            call_id: " 42 ".into(),
            ..form()
        },
        &CST,
    )
    .query
    .expect("valid");
    assert_eq!(one.call_id, "42");
    assert_eq!(one.first_request(), one);
}

#[test]
fn at_most_500_call_ids_and_each_within_its_length() {
    let ids = |n: usize| (0..n).map(|i| format!("id-{i}")).collect::<Vec<_>>();
    let ok = QueryForm {
        // Duplicates do not count.
        call_id: [ids(500), ids(500)].concat().join("\n"),
        ..form()
    };
    assert!(validate(&ok, &CST).is_valid());
    let over = QueryForm {
        call_id: ids(501).join(", "),
        ..form()
    };
    let v = validate(&over, &CST);
    assert!(!v.is_valid());
    assert_eq!(
        kinds(&v, Field::CallId),
        [ProblemKind::TooManyIds {
            max: 500,
            count: 501
        }]
    );
    let problem = v.errors_for(Field::CallId).next().expect("one");
    assert_eq!(
        problem.message(Locale::En),
        "Too many Call IDs: 501 entered, at most 500 in one search."
    );
    assert_eq!(
        problem.message(Locale::ZhCn),
        "呼叫 ID 过多：输入了 501 个，一次最多 500 个。"
    );
    // Each ID has the field's length limit, not the list.
    let long = QueryForm {
        call_id: format!("a {}", "9".repeat(129)),
        ..form()
    };
    assert_eq!(
        kinds(&validate(&long, &CST), Field::CallId),
        [ProblemKind::TooLong { max: 128 }]
    );
    let many_short = QueryForm {
        call_id: ids(100).join(","),
        ..form()
    };
    assert!(validate(&many_short, &CST).is_valid());
}

#[test]
fn a_list_of_calling_numbers_is_one_query_that_searches_each_number_once() {
    use cdr_core::query::BatchKind;
    let v = validate(
        &QueryForm {
            caller_no: " +86 10 8888 6666\n13900000000, 13900000000；+1 (212) 555-0100;".into(),
            ..form()
        },
        &CST,
    );
    assert!(v.is_valid(), "{:?}", v.problems);
    let q = v.query.expect("query");
    // Spaces stay inside a number; commas, semicolons and line breaks separate them.
    assert_eq!(
        q.caller_no,
        "+86 10 8888 6666,13900000000,+1 (212) 555-0100"
    );
    let (kind, numbers) = q.batch().expect("a batch");
    assert_eq!(kind, BatchKind::CallerNos);
    assert_eq!(numbers.len(), 3);
    // The first request asks for the first number over the same range; the rest follow.
    let first = q.first_request();
    assert_eq!(first.caller_no, "+86 10 8888 6666");
    assert_eq!(first.begin_date, q.begin_date);
    assert_eq!(
        q.for_batch_item(kind, "13900000000").caller_no,
        "13900000000"
    );
    // One number is a plain search, as before.
    let one = validate(
        &QueryForm {
            caller_no: "139 0000 0000".into(),
            ..form()
        },
        &CST,
    )
    .query
    .expect("query");
    assert!(one.batch().is_none());
    assert_eq!(one.first_request(), one);
}

#[test]
fn calling_number_lists_are_checked_number_by_number_and_not_with_a_call_id_list() {
    let letters = validate(
        &QueryForm {
            caller_no: "139,abc".into(),
            ..form()
        },
        &CST,
    );
    assert_eq!(
        kinds(&letters, Field::CallerNo),
        [ProblemKind::PhoneCharacters]
    );
    let many: String = (0..501).map(|i| format!("139{i:08}\n")).collect();
    let too_many = validate(
        &QueryForm {
            caller_no: many,
            ..form()
        },
        &CST,
    );
    assert_eq!(
        kinds(&too_many, Field::CallerNo),
        [ProblemKind::TooManyIds {
            max: 500,
            count: 501
        }]
    );
    let message = too_many
        .errors_for(Field::CallerNo)
        .next()
        .expect("a problem")
        .message(Locale::En);
    assert!(message.contains("calling numbers"), "{message}");
    let both = validate(
        &QueryForm {
            call_id: "a b".into(),
            caller_no: "139\n138".into(),
            ..form()
        },
        &CST,
    );
    assert_eq!(kinds(&both, Field::CallerNo), [ProblemKind::TwoLists]);
    // A list of 500 numbers at 64 characters each is fine: the limit is per number.
    let long_list: String = (0..500).map(|i| format!("{i:064}\n")).collect();
    assert!(validate(
        &QueryForm {
            caller_no: long_list,
            ..form()
        },
        &CST
    )
    .is_valid());
}
