//! Values that are valid by construction: parse, don't validate.
//!
//! Quantities and money are exact decimals stored as scaled integers (SQLite has no decimal
//! type) and travel as decimal strings such as `"12.5"`.

use std::fmt;

use crate::error::DomainError;

/// Decimal places kept for quantities and money.
pub const SCALE: u32 = 4;
const FACTOR: i64 = 10_i64.pow(SCALE);
/// The largest magnitude a quantity or an amount of money may have: a billion (units or
/// currency units). No inventory line reaches it, and with four decimals it stays three orders
/// of magnitude inside `i64`, so products and sums of such values can be computed exactly.
pub const MAX_WHOLE: i64 = 1_000_000_000;
/// The largest value (quantity × unit price or cost) a single ledger line may carry: a
/// trillion. Roll-up buckets (day × item × category × partner) hold ~922 such lines before
/// they saturate at the `i64` bound; they never wrap.
pub const MAX_LINE_VALUE_WHOLE: i64 = 1_000_000_000_000;

macro_rules! scaled_decimal {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(i64);

        impl $name {
            pub const ZERO: Self = Self(0);

            /// Parses a decimal string with at most [`SCALE`] decimal places.
            ///
            /// # Errors
            /// When the text is not a plain decimal number, has too many decimals, or is
            /// larger than [`MAX_WHOLE`] in magnitude.
            pub fn parse(text: &str) -> Result<Self, &'static str> {
                parse_scaled(text).map(Self)
            }

            /// The value in units of 10^-[`SCALE`], as stored.
            pub fn scaled(self) -> i64 {
                self.0
            }

            pub fn from_scaled(raw: i64) -> Self {
                Self(raw)
            }

            pub fn is_positive(self) -> bool {
                self.0 > 0
            }

            pub fn checked_add(self, other: Self) -> Option<Self> {
                self.0.checked_add(other.0).map(Self)
            }

            pub fn checked_sub(self, other: Self) -> Option<Self> {
                self.0.checked_sub(other.0).map(Self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&format_scaled(self.0))
            }
        }

        /// As a decimal string, like on the wire.
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Self::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

scaled_decimal!(
    /// A quantity of an item, exact to four decimals.
    Qty
);
scaled_decimal!(
    /// An amount of money in the organization's currency, exact to four decimals.
    Money
);

fn parse_scaled(text: &str) -> Result<i64, &'static str> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return Err("must be a decimal number such as 12.5");
    }
    if fraction.len() > SCALE as usize {
        return Err("has more than 4 decimal places");
    }
    let whole = whole.trim_start_matches('0');
    let too_large = "must be at most 1000000000 in magnitude";
    if whole.len() > 10 {
        return Err(too_large);
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| too_large)?
    };
    let exactly_max = whole == MAX_WHOLE && fraction.bytes().all(|b| b == b'0');
    if whole > MAX_WHOLE || (whole == MAX_WHOLE && !exactly_max) {
        return Err(too_large);
    }
    let mut fraction_value: i64 = 0;
    for (i, b) in fraction.bytes().enumerate() {
        let place = 10_i64.pow(SCALE - 1 - u32::try_from(i).unwrap_or(0));
        fraction_value += i64::from(b - b'0') * place;
    }
    let magnitude = whole * FACTOR + fraction_value;
    Ok(if negative { -magnitude } else { magnitude })
}

/// The value of a line, `quantity × unit` (price or cost), truncated to four decimals; `None`
/// when it exceeds [`MAX_LINE_VALUE_WHOLE`] in magnitude.
pub fn line_value(quantity: Qty, unit: Money) -> Option<Money> {
    let value = i128::from(quantity.0) * i128::from(unit.0) / i128::from(FACTOR);
    let max = i128::from(MAX_LINE_VALUE_WHOLE) * i128::from(FACTOR);
    if value.abs() > max {
        return None;
    }
    i64::try_from(value).ok().map(Money)
}

/// Adds scaled values exactly in `i128`, then brings the sum back into `i64`, saturating (an
/// absurd total shows as the bound, never as a wrapped negative number).
pub fn saturating_sum(values: impl IntoIterator<Item = i128>) -> i64 {
    let sum = values
        .into_iter()
        .fold(0_i128, |sum, value| sum.saturating_add(value));
    i64::try_from(sum).unwrap_or(if sum < 0 {
        i64::MAX.wrapping_neg()
    } else {
        i64::MAX
    })
}

/// Text used to filter a list (a search, a scanned code, an action name): at most `max`
/// characters and no control characters (PostgreSQL refuses NUL bytes in text).
///
/// # Errors
/// `BAD_USER_INPUT` on `field`.
pub fn filter_text<'a>(
    field: &'static str,
    text: &'a str,
    max: usize,
) -> Result<&'a str, DomainError> {
    if text.chars().any(char::is_control) {
        return Err(DomainError::bad_input(
            field,
            "must not contain control characters",
        ));
    }
    if text.chars().count() > max {
        return Err(DomainError::bad_input(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(text)
}

fn format_scaled(raw: i64) -> String {
    let sign = if raw < 0 { "-" } else { "" };
    let magnitude = raw.unsigned_abs();
    let factor = FACTOR.unsigned_abs();
    let whole = magnitude / factor;
    let fraction = magnitude % factor;
    if fraction == 0 {
        return format!("{sign}{whole}");
    }
    let fraction = format!("{fraction:0width$}", width = SCALE as usize);
    format!("{sign}{whole}.{}", fraction.trim_end_matches('0'))
}

/// A normalized e-mail address: trimmed and lower-cased, so it is unique whatever its case.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// # Errors
    /// `BAD_USER_INPUT` on `email` when the text is not a plausible address.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let email = text.trim().to_lowercase();
        let invalid = || DomainError::bad_input("email", "is not a valid e-mail address");
        if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        let (local, domain) = email.rsplit_once('@').ok_or_else(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..");
        if local.is_empty() || local.len() > 64 || local.contains('@') || !domain_ok {
            return Err(invalid());
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A display name (of a person or an organization): trimmed, 1–100 characters, no control
/// characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name(String);

impl Name {
    pub const MAX_CHARS: usize = 100;

    /// # Errors
    /// `BAD_USER_INPUT` on `field` when empty, too long or containing control characters.
    pub fn parse(field: &'static str, text: &str) -> Result<Self, DomainError> {
        let name = text.trim();
        if name.is_empty() {
            return Err(DomainError::bad_input(field, "must not be empty"));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(DomainError::bad_input(
                field,
                "must be at most 100 characters",
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(DomainError::bad_input(
                field,
                "must not contain control characters",
            ));
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Trimmed text of at most `max` characters without control characters (line breaks are
/// allowed where `multiline`). Empty text is an error; use [`optional_text`] where it may be
/// left out.
///
/// # Errors
/// `BAD_USER_INPUT` on `field`.
pub fn bounded_text(
    field: &'static str,
    text: &str,
    max: usize,
    multiline: bool,
) -> Result<String, DomainError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(DomainError::bad_input(field, "must not be empty"));
    }
    if text.chars().count() > max {
        return Err(DomainError::bad_input(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    let allowed = |c: char| !c.is_control() || (multiline && matches!(c, '\n' | '\r' | '\t'));
    if !text.chars().all(allowed) {
        return Err(DomainError::bad_input(
            field,
            "must not contain control characters",
        ));
    }
    Ok(text.to_owned())
}

/// Like [`bounded_text`], but blank text means "none".
///
/// # Errors
/// `BAD_USER_INPUT` on `field`.
pub fn optional_text(
    field: &'static str,
    text: Option<&str>,
    max: usize,
    multiline: bool,
) -> Result<Option<String>, DomainError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => bounded_text(field, text, max, multiline).map(Some),
        None => Ok(None),
    }
}

/// A code printed on labels and scanned: 1–64 visible ASCII characters, no spaces.
///
/// # Errors
/// `BAD_USER_INPUT` on `field`.
pub fn code(field: &'static str, text: &str) -> Result<String, DomainError> {
    let text = text.trim();
    if text.is_empty() || text.len() > 64 || !text.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(DomainError::bad_input(
            field,
            "must be 1 to 64 visible characters without spaces",
        ));
    }
    Ok(text.to_owned())
}

/// A non-negative amount.
///
/// # Errors
/// `BAD_USER_INPUT` on `field` when negative.
pub fn non_negative<T: Copy + Ord + Default>(
    field: &'static str,
    value: T,
) -> Result<T, DomainError> {
    if value < T::default() {
        return Err(DomainError::bad_input(field, "must not be negative"));
    }
    Ok(value)
}

/// A new password: 10 to 128 characters (the upper bound keeps hashing cost bounded).
pub struct NewPassword(String);

impl NewPassword {
    /// # Errors
    /// `BAD_USER_INPUT` on `password` when too short or too long.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let chars = text.chars().count();
        if chars < 10 {
            return Err(DomainError::bad_input(
                "password",
                "must be at least 10 characters",
            ));
        }
        if chars > 128 {
            return Err(DomainError::bad_input(
                "password",
                "must be at most 128 characters",
            ));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(<redacted>)")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn decimals_round_trip_exactly() {
        for (text, shown) in [
            ("12.5", "12.5"),
            ("0.0001", "0.0001"),
            ("-3", "-3"),
            ("007.2500", "7.25"),
            ("1e3", ""),
        ] {
            match Qty::parse(text) {
                Ok(q) => assert_eq!(q.to_string(), shown, "{text}"),
                Err(_) => assert!(shown.is_empty(), "{text} should parse"),
            }
        }
        assert_eq!(
            Qty::parse("0.1")
                .unwrap()
                .checked_add(Qty::parse("0.2").unwrap()),
            Some(Qty::parse("0.3").unwrap())
        );
    }

    #[test]
    fn decimals_reject_bad_text() {
        for bad in [
            "",
            ".",
            "abc",
            "1.23456",
            "1,5",
            "NaN",
            "12.5.1",
            "--1",
            "1000000001",
            "1000000000.0001",
            "-1000000000.5",
            "1000000000000",
            "99999999999999999999",
        ] {
            assert!(Money::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert_eq!(
            Money::parse("1000000000.0000").unwrap().to_string(),
            "1000000000"
        );
        assert_eq!(
            Qty::parse("-999999999.9999").unwrap().to_string(),
            "-999999999.9999"
        );
    }

    #[test]
    fn line_values_and_sums_never_wrap() {
        let q = |t| Qty::parse(t).unwrap();
        let m = |t| Money::parse(t).unwrap();
        assert_eq!(line_value(q("2.5"), m("0.3")).unwrap().to_string(), "0.75");
        assert_eq!(
            line_value(q("1000"), m("1000000000")).unwrap().to_string(),
            "1000000000000"
        );
        assert!(line_value(q("1000.0001"), m("1000000000")).is_none());
        assert!(line_value(q("1000000000"), m("1000000000")).is_none());
        assert_eq!(saturating_sum([1, 2, -4]), -1);
        assert_eq!(saturating_sum([i128::from(i64::MAX); 3]), i64::MAX);
        assert_eq!(saturating_sum([i128::from(i64::MIN); 3]), -i64::MAX);
        assert!(filter_text("search", "a\u{0}b", 10).is_err());
        assert!(filter_text("search", "bolt", 3).is_err());
        assert_eq!(filter_text("search", "bolt", 10).unwrap(), "bolt");
    }

    #[test]
    fn emails_are_normalized_and_checked() {
        assert_eq!(
            Email::parse("  Ada@Example.COM ").unwrap().as_str(),
            "ada@example.com"
        );
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a b@example.com",
            "ada@.com",
            "ada@example..com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn names_and_passwords_have_bounds() {
        assert_eq!(Name::parse("name", "  Acme  ").unwrap().as_str(), "Acme");
        assert!(Name::parse("name", "   ").is_err());
        assert!(Name::parse("name", &"x".repeat(101)).is_err());
        assert!(Name::parse("name", "a\u{0}b").is_err());
        assert!(NewPassword::parse("short").is_err());
        assert!(NewPassword::parse(&"p".repeat(129)).is_err());
        assert!(NewPassword::parse("correct horse battery").is_ok());
    }

    #[test]
    fn texts_and_codes_are_bounded() {
        assert_eq!(bounded_text("name", "  Bolt ", 10, false).unwrap(), "Bolt");
        assert!(bounded_text("name", "a\nb", 10, false).is_err());
        assert!(bounded_text("note", "a\nb", 10, true).is_ok());
        assert_eq!(optional_text("note", Some("   "), 10, true).unwrap(), None);
        assert!(code("sku", "AB-12.3").is_ok());
        for bad in ["", "has space", &"x".repeat(65), "é"] {
            assert!(code("sku", bad).is_err(), "{bad:?}");
        }
        assert!(non_negative("cost", Money::parse("-1").unwrap()).is_err());
    }
}
