//! Masking of phone numbers for screens a supervisor may share: enough of a number stays
//! visible to tell calls apart, never enough to dial it.
//!
//! The rule works on the *significant* characters of a value: everything except
//! separators (whitespace, `-`, `(`, `)`, `.`) and one leading `+`. Separators are dropped
//! (so their positions cannot hint at the hidden digits), a leading `+` is kept, and then:
//!
//! | significant characters | shown                                                      |
//! |------------------------|------------------------------------------------------------|
//! | 8 or more              | first 3, exactly four `*`, last 4: `138****5678`           |
//! | 5 to 7                 | one `*` per hidden character, last 2: `*****78`            |
//! | 1 to 4                 | all `*`, one per character: `****`                         |
//! | none                   | an empty string                                            |
//!
//! With 8 or more characters the output length is fixed, so not even the number of hidden
//! digits leaks. Letters (a SIP user, say) are treated like digits.

/// Whether a character is a separator that masking drops.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '(' | ')' | '.')
}

/// The masked form of a phone number, per the [module rules](self):
/// `"13812345678"` → `"138****5678"`, `"+86 138-1234-5678"` → `"+861****5678"`,
/// `"12345"` → `"***45"`, `"1234"` → `"****"`.
pub fn mask_number(raw: &str) -> String {
    let mut out = String::with_capacity(16);
    mask_number_into(raw, &mut out);
    out
}

/// [`mask_number`] appending to a buffer, so loops over many records reuse one allocation.
pub fn mask_number_into(raw: &str, out: &mut String) {
    let t = raw.trim();
    let (plus, body) = match t.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let significant = || body.chars().filter(|&c| !is_separator(c));
    let n = significant().count();
    if plus {
        out.push('+');
    }
    match n {
        0 => {}
        1..=4 => out.extend(std::iter::repeat_n('*', n)),
        5..=7 => {
            out.extend(std::iter::repeat_n('*', n - 2));
            out.extend(significant().skip(n - 2));
        }
        _ => {
            out.extend(significant().take(3));
            out.push_str("****");
            out.extend(significant().skip(n - 4));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_numbers_keep_three_and_four() {
        assert_eq!(mask_number("13812345678"), "138****5678");
        assert_eq!(mask_number("12345678"), "123****5678");
        // Longer numbers do not reveal how many digits were hidden.
        assert_eq!(mask_number("008613812345678"), "008****5678");
        assert_eq!(mask_number(" 13812345678 "), "138****5678");
    }

    #[test]
    fn short_numbers_show_the_last_two_or_nothing() {
        assert_eq!(mask_number("1234567"), "*****67");
        assert_eq!(mask_number("12345"), "***45");
        assert_eq!(mask_number("1234"), "****");
        assert_eq!(mask_number("1"), "*");
        assert_eq!(mask_number(""), "");
        assert_eq!(mask_number("   "), "");
    }

    #[test]
    fn separators_are_dropped_and_a_leading_plus_kept() {
        assert_eq!(mask_number("+86 138-1234-5678"), "+861****5678");
        assert_eq!(mask_number("(010) 1234 5678"), "010****5678");
        assert_eq!(mask_number("+1234"), "+****");
        assert_eq!(mask_number("+"), "+");
        assert_eq!(mask_number("12-345"), "***45");
    }

    #[test]
    fn hidden_digits_never_appear() {
        for raw in [
            "13812345678",
            "+86 138 1234 5678",
            "138-1234-5678",
            "1381234567890",
        ] {
            let masked = mask_number(raw);
            assert!(!masked.contains("1234"), "{raw} -> {masked}");
            assert_eq!(masked.matches('*').count(), 4, "{raw} -> {masked}");
        }
        let mut buf = String::from("x");
        mask_number_into("13812345678", &mut buf);
        assert_eq!(buf, "x138****5678");
    }

    #[test]
    fn non_ascii_does_not_panic() {
        assert_eq!(mask_number("１３８１２３４５６７８"), "１３８****５６７８");
        assert_eq!(mask_number("张三"), "**");
    }
}
