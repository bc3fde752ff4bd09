//! Custom attributes: an organization defines typed keys; items carry values of those types.

use chrono::{NaiveDate, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, IntoActiveModel, QueryOrder};

use crate::entities::attribute_definitions;
use crate::error::{DomainError, DomainResult};
use crate::scope::TenantTx;
use crate::types::{Qty, bounded_text};

/// Stored as its text; a value the code does not know fails the read (`DbErr::Type`) instead
/// of passing for text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum AttributeKind {
    #[sea_orm(string_value = "text")]
    Text,
    #[sea_orm(string_value = "number")]
    Number,
    #[sea_orm(string_value = "date")]
    Date,
    #[sea_orm(string_value = "boolean")]
    Boolean,
}

impl AttributeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Number => "number",
            Self::Date => "date",
            Self::Boolean => "boolean",
        }
    }

    /// The canonical text of `value` for this kind: decimals normalized, dates as
    /// `YYYY-MM-DD`, booleans as `true`/`false`.
    ///
    /// # Errors
    /// `BAD_USER_INPUT` on `attributes` when the value does not fit the kind.
    pub fn canonical(self, key: &str, value: &str) -> DomainResult<String> {
        let value = value.trim();
        let wrong = |expected: &str| {
            DomainError::bad_input("attributes", format!("{key} must be {expected}"))
        };
        match self {
            Self::Text => bounded_text("attributes", value, 500, true),
            Self::Number => Qty::parse(value)
                .map(|n| n.to_string())
                .map_err(|_| wrong("a number")),
            Self::Date => NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .map(|d| d.format("%Y-%m-%d").to_string())
                .map_err(|_| wrong("a date (YYYY-MM-DD)")),
            Self::Boolean => match value.to_ascii_lowercase().as_str() {
                "true" => Ok("true".to_owned()),
                "false" => Ok("false".to_owned()),
                _ => Err(wrong("true or false")),
            },
        }
    }
}

/// An attribute value as given by a client: the definition's key and the value as text.
pub struct AttributeValue<'a> {
    pub key: &'a str,
    pub value: &'a str,
}

/// Defines a new attribute key.
///
/// # Errors
/// `BAD_USER_INPUT` on `key` (lower-case letters, digits, `_`; 1–64) or `label`; `CONFLICT`
/// when the key exists.
#[tracing::instrument(skip_all)]
pub async fn define_attribute(
    tx: &TenantTx,
    key: &str,
    label: &str,
    kind: AttributeKind,
) -> DomainResult<attribute_definitions::Model> {
    let key = key.trim();
    let key_ok = !key.is_empty()
        && key.len() <= 64
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !key_ok {
        return Err(DomainError::bad_input(
            "key",
            "must be 1 to 64 lower-case letters, digits or _",
        ));
    }
    attribute_definitions::ActiveModel {
        organization_id: Set(tx.org().0),
        id: Set(Uuid::now_v7()),
        key: Set(key.to_owned()),
        label: Set(bounded_text("label", label, 100, false)?),
        kind: Set(kind),
        archived: Set(false),
        created_at: Set(Utc::now()),
    }
    .insert(tx.conn())
    .await
    .map_err(|e| DomainError::on_unique_violation(e, "key", "is already defined"))
}

/// Every definition, archived ones included (items keep their values).
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn list_attributes(tx: &TenantTx) -> DomainResult<Vec<attribute_definitions::Model>> {
    Ok(tx
        .select::<attribute_definitions::Entity>()
        .order_by_asc(attribute_definitions::Column::Key)
        .all(tx.conn())
        .await?)
}

/// Relabels a definition, or archives (no new values; existing ones stay) or restores it.
/// The key and kind never change, so stored values keep their meaning.
///
/// # Errors
/// `NOT_FOUND`; `BAD_USER_INPUT` on `label`.
#[tracing::instrument(skip_all)]
pub async fn update_attribute(
    tx: &TenantTx,
    id: Uuid,
    label: Option<&str>,
    archived: Option<bool>,
) -> DomainResult<attribute_definitions::Model> {
    let mut definition = super::places::find::<attribute_definitions::Entity>(
        tx,
        attribute_definitions::Column::Id,
        id,
        "attribute",
    )
    .await?
    .into_active_model();
    if let Some(label) = label {
        definition.label = Set(bounded_text("label", label, 100, false)?);
    }
    if let Some(archived) = archived {
        definition.archived = Set(archived);
    }
    Ok(definition.update(tx.conn()).await?)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_kind_the_code_does_not_know_is_an_error_not_another_kind() {
        use sea_orm::ActiveEnum as _;
        assert_eq!(
            AttributeKind::try_from_value(&"date".to_owned()).ok(),
            Some(AttributeKind::Date)
        );
        assert!(AttributeKind::try_from_value(&"colour".to_owned()).is_err());
        assert!(super::super::PartnerKind::try_from_value(&"vendor".to_owned()).is_err());
    }

    #[test]
    fn values_are_checked_and_canonical_per_kind() {
        assert_eq!(
            AttributeKind::Number.canonical("w", " 2.50 ").unwrap(),
            "2.5"
        );
        assert_eq!(
            AttributeKind::Date.canonical("d", "2026-02-03").unwrap(),
            "2026-02-03"
        );
        assert_eq!(
            AttributeKind::Boolean.canonical("b", "TRUE").unwrap(),
            "true"
        );
        assert!(AttributeKind::Number.canonical("w", "heavy").is_err());
        assert!(AttributeKind::Date.canonical("d", "2026-02-30").is_err());
        assert!(AttributeKind::Boolean.canonical("b", "yes").is_err());
    }
}
