//! Exact decimals on the wire: `Quantity` and `Money` travel as strings (`"12.5"`) and are
//! accepted as strings or numbers.

use async_graphql::{ID, InputValueError, InputValueResult, Scalar, ScalarType, Value};
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

macro_rules! decimal_scalar {
    ($name:ident, $inner:ty, $gql:literal, $doc:literal) => {
        #[doc = $doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct $name(pub $inner);

        #[Scalar(name = $gql)]
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
    "A quantity, exact to four decimals, as a string."
);
decimal_scalar!(
    MoneyAmount,
    types::Money,
    "Money",
    "An amount of money, exact to four decimals, as a string."
);

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
}
