//! The scalars clients see, each described for code generators: exact decimals travel as
//! strings (`"12.5"`) and are accepted as strings or numbers; instants are RFC 3339 in UTC at
//! millisecond precision; days are ISO 8601 dates.

use async_graphql::{ID, InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::{DateTime, Datelike as _, NaiveDate, SecondsFormat, Utc};
use entity::{DomainError, types};
use uuid::Uuid;

/// Reads an id argument.
///
/// # Errors
/// `BAD_USER_INPUT` on `field` when it is not a UUID.
pub fn parse_id(field: &'static str, id: &ID) -> Result<Uuid, DomainError> {
    Uuid::parse_str(id.as_str()).map_err(|_| DomainError::bad_input(field, "is not a valid id"))
}

/// Reads an optional id argument.
///
/// # Errors
/// As [`parse_id`].
pub fn parse_optional_id(
    field: &'static str,
    id: Option<&ID>,
) -> Result<Option<Uuid>, DomainError> {
    id.map(|id| parse_id(field, id)).transpose()
}

/// What a value of the scalar `type_name` must look like, for the message that refuses one
/// (validation says only which type was expected).
pub fn expected_form(type_name: &str) -> Option<&'static str> {
    Some(match type_name {
        "Quantity" | "Money" | "Percent" => {
            "an exact decimal with at most four decimal places and at most 1000000000 in \
             magnitude, as \"12.5\""
        }
        "DateTime" => "an RFC 3339 date-time, as \"2026-12-04T09:30:00Z\"",
        "Date" => "a date as YYYY-MM-DD in years 0001 to 9999, as \"2026-12-04\"",
        _ => return None,
    })
}

macro_rules! decimal_scalar {
    ($name:ident, $inner:ty, $gql:literal, $doc:literal) => {
        #[doc = $doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct $name(pub $inner);

        #[doc = $doc]
        #[Scalar(name = $gql, specified_by_url = "https://stockroom.dev/scalars/decimal")]
        impl ScalarType for $name {
            fn parse(value: Value) -> InputValueResult<Self> {
                let text = match &value {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    _ => return Err(InputValueError::expected_type(value)),
                };
                <$inner>::parse(&text)
                    .map(Self)
                    .map_err(|reason| InputValueError::custom(format!("{text:?} {reason}")))
            }

            fn is_valid(value: &Value) -> bool {
                Self::parse(value.clone()).is_ok()
            }

            fn to_value(&self) -> Value {
                Value::String(self.0.to_string())
            }
        }
    };
}

decimal_scalar!(
    Quantity,
    types::Qty,
    "Quantity",
    "A quantity of an item: an exact decimal with at most four places, sent as a string \
     (`\"12.5\"`, `\"-3\"`). Inputs may be strings or numbers; more than four decimal places \
     is refused, never rounded. Answers carry no trailing zeros."
);
decimal_scalar!(
    MoneyAmount,
    types::Money,
    "Money",
    "An amount of money in the organization's currency: an exact decimal with at most four \
     places, sent as a string (`\"19.99\"`). Inputs may be strings or numbers; more than four \
     decimal places is refused, never rounded. Answers carry no trailing zeros."
);

decimal_scalar!(
    Percent,
    types::Qty,
    "Percent",
    "A percentage, 0 to 100: an exact decimal with at most four places, sent as a string \
     (`\"20\"`, `\"7.5\"`). Inputs may be strings or numbers. Answers carry no trailing zeros."
);

/// An instant: RFC 3339 in UTC at millisecond precision, as `2026-12-04T09:30:00.000Z`.
/// Inputs may carry any offset (`+01:00`) and any fraction; they are read as the instant they
/// name, kept to the microsecond.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub DateTime<Utc>);

/// An instant, as an RFC 3339 string in UTC with milliseconds (`2026-12-04T09:30:00.000Z`).
/// Inputs may use any offset.
#[Scalar(
    name = "DateTime",
    specified_by_url = "https://datatracker.ietf.org/doc/html/rfc3339"
)]
impl ScalarType for Timestamp {
    fn is_valid(value: &Value) -> bool {
        Self::parse(value.clone()).is_ok()
    }

    fn parse(value: Value) -> InputValueResult<Self> {
        let Value::String(text) = &value else {
            return Err(InputValueError::expected_type(value));
        };
        DateTime::parse_from_rfc3339(text)
            .map(|instant| Self(instant.with_timezone(&Utc)))
            .map_err(|_| {
                InputValueError::custom(format!(
                    "{text:?} is not an RFC 3339 date-time (e.g. \"2026-12-04T09:30:00Z\")"
                ))
            })
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_rfc3339_opts(SecondsFormat::Millis, true))
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(instant: DateTime<Utc>) -> Self {
        Self(instant)
    }
}

/// A calendar day, as an ISO 8601 date (`2026-12-04`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub NaiveDate);

/// A calendar day, as an ISO 8601 date string (`2026-12-04`).
#[Scalar(
    name = "Date",
    specified_by_url = "https://datatracker.ietf.org/doc/html/rfc3339#section-5.6"
)]
impl ScalarType for Date {
    fn is_valid(value: &Value) -> bool {
        Self::parse(value.clone()).is_ok()
    }

    fn parse(value: Value) -> InputValueResult<Self> {
        let Value::String(text) = &value else {
            return Err(InputValueError::expected_type(value));
        };
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            // Years 1 to 9999, as in a date-time: every backend stores them.
            .filter(|day| (1..=9999).contains(&day.year()))
            .map(Self)
            .ok_or_else(|| {
                InputValueError::custom(format!(
                    "{text:?} is not a date as YYYY-MM-DD in years 0001 to 9999 (e.g. \"2026-12-04\")"
                ))
            })
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

impl From<NaiveDate> for Date {
    fn from(day: NaiveDate) -> Self {
        Self(day)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn decimals_accept_strings_and_numbers_and_render_strings() {
        let from_string = Quantity::parse(Value::String("12.5".into())).unwrap();
        let from_number = Quantity::parse(Value::from(12.5)).unwrap();
        assert_eq!(from_string, from_number);
        assert_eq!(from_string.to_value(), Value::String("12.5".into()));
        assert!(MoneyAmount::parse(Value::String("1.23456".into())).is_err());
        assert!(MoneyAmount::parse(Value::Boolean(true)).is_err());
    }

    #[test]
    fn instants_answer_in_utc_with_milliseconds_and_accept_any_offset() {
        let parsed =
            Timestamp::parse(Value::String("2026-12-04T10:30:00.123456+01:00".into())).unwrap();
        assert_eq!(
            parsed.to_value(),
            Value::String("2026-12-04T09:30:00.123Z".into())
        );
        assert!(Timestamp::parse(Value::String("2026-12-04 09:30".into())).is_err());
        let day = Date::parse(Value::String("2026-02-28".into())).unwrap();
        assert_eq!(day.to_value(), Value::String("2026-02-28".into()));
        assert!(Date::parse(Value::String("2026-02-30".into())).is_err());
    }
}
