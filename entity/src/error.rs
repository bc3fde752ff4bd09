use std::borrow::Cow;

use sea_orm::{DbErr, SqlErr};

/// Every way a domain operation can fail. `code()` is the client-facing code (DESIGN §3);
/// the `Display` text of `Database` and `Internal` is for logs only and never reaches a client.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error("{0}")]
    Unauthenticated(&'static str),
    #[error("{0}")]
    Forbidden(Cow<'static, str>),
    #[error("{entity} not found")]
    NotFound { entity: &'static str },
    #[error("{field}: {message}")]
    BadInput {
        field: Cow<'static, str>,
        message: Cow<'static, str>,
    },
    #[error("{field}: {message}")]
    Conflict {
        field: Cow<'static, str>,
        message: Cow<'static, str>,
    },
    #[error(
        "not enough stock of item {item_id} at location {location_id}: {available} available, {requested} requested"
    )]
    InsufficientStock {
        item_id: uuid::Uuid,
        location_id: uuid::Uuid,
        available: crate::types::Qty,
        requested: crate::types::Qty,
        /// For a backdated movement: the instant of history it would take below zero
        /// (`available` is then what there was at that instant).
        at: Option<chrono::DateTime<chrono::Utc>>,
    },
    #[error("the period before {closed_before} is closed: nothing can be recorded in it")]
    PeriodClosed { closed_before: chrono::NaiveDate },
    #[error("too many requests; retry in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error(
        "the plan allows {limit} {resource} and the organization has {usage}; upgrade to add more"
    )]
    PlanLimitReached {
        resource: &'static str,
        limit: u64,
        usage: u64,
    },
    #[error(
        "the organization is read-only: its subscription has been unpaid since {since}; pay in the billing portal to make changes again"
    )]
    ReadOnly {
        since: chrono::DateTime<chrono::Utc>,
    },
    /// A dependency the request needs cannot be reached now (the cause was logged where it
    /// was seen); the client should retry shortly.
    #[error("{0}")]
    Unavailable(&'static str),
    #[error("database error: {0}")]
    Database(#[from] DbErr),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type DomainResult<T> = Result<T, DomainError>;

/// The SQLSTATE of a database error, when the database gave one.
fn sqlstate(err: &DbErr) -> Option<String> {
    match err {
        DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e))
        | DbErr::Query(sea_orm::RuntimeErr::SqlxError(e)) => {
            e.as_database_error()?.code().map(|code| code.into_owned())
        }
        _ => None,
    }
}

/// Whether PostgreSQL cancelled the statement for running past `statement_timeout`
/// (SQLSTATE 57014, `query_canceled`).
fn is_timeout(err: &DbErr) -> bool {
    sqlstate(err).is_some_and(|code| code == "57014")
}

/// Whether `err` says the database cannot be reached or is going away, rather than that it
/// refused this statement: no connection within the pool's acquire timeout, the pool closed,
/// the connection broke (I/O), or PostgreSQL is shutting down, starting up, or dropped the
/// connection (SQLSTATE class 08, 57P01-57P03).
pub fn is_unavailable(err: &DbErr) -> bool {
    use sea_orm::sqlx::Error as Sqlx;
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e))
        | DbErr::Query(sea_orm::RuntimeErr::SqlxError(e)) => match e.as_ref() {
            Sqlx::Io(_) | Sqlx::PoolTimedOut | Sqlx::PoolClosed | Sqlx::WorkerCrashed => true,
            _ => sqlstate(err).is_some_and(|code| {
                code.starts_with("08") || matches!(code.as_str(), "57P01" | "57P02" | "57P03")
            }),
        },
        _ => false,
    }
}

/// Whether PostgreSQL refused a value the client sent that the checks at the edge let
/// through: a date or time out of its range (22007, 22008), or text it cannot store
/// (22021, a NUL byte; 22P05).
fn is_unstorable_value(err: &DbErr) -> bool {
    sqlstate(err).is_some_and(|code| matches!(code.as_str(), "22007" | "22008" | "22021" | "22P05"))
}

impl DomainError {
    /// The machine-readable code sent as `extensions.code`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated(_) => "UNAUTHENTICATED",
            Self::Forbidden(_) => "FORBIDDEN",
            Self::NotFound { .. } => "NOT_FOUND",
            Self::BadInput { .. } => "BAD_USER_INPUT",
            Self::Conflict { .. } => "CONFLICT",
            Self::InsufficientStock { .. } => "INSUFFICIENT_STOCK",
            Self::PeriodClosed { .. } => "PERIOD_CLOSED",
            Self::RateLimited { .. } => "RATE_LIMITED",
            Self::PlanLimitReached { .. } => "PLAN_LIMIT_REACHED",
            Self::ReadOnly { .. } => "FORBIDDEN",
            Self::Unavailable(_) => "SERVICE_UNAVAILABLE",
            Self::Database(err) if is_unavailable(err) => "SERVICE_UNAVAILABLE",
            Self::Database(err) if is_timeout(err) => "TIMEOUT",
            Self::Database(err) if is_unstorable_value(err) => "BAD_USER_INPUT",
            Self::Database(_) | Self::Internal(_) => "INTERNAL",
        }
    }

    /// When the client may retry, in seconds, for errors that say so.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            Self::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            _ if self.code() == "SERVICE_UNAVAILABLE" => Some(1),
            _ => None,
        }
    }

    /// Whether the error reveals a fault of ours (logged with its cause, hidden from clients).
    pub fn is_internal(&self) -> bool {
        matches!(self, Self::Database(_) | Self::Internal(_))
    }

    /// The field the error is about, when there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::BadInput { field, .. } | Self::Conflict { field, .. } => Some(field),
            _ => None,
        }
    }

    pub fn bad_input(
        field: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self::BadInput {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn conflict(
        field: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self::Conflict {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn not_found(entity: &'static str) -> Self {
        Self::NotFound { entity }
    }

    pub fn forbidden(message: impl Into<Cow<'static, str>>) -> Self {
        Self::Forbidden(message.into())
    }

    /// Maps a unique-key violation of the statement that produced `err` to `CONFLICT` on
    /// `field`; any other database error stays internal.
    pub fn on_unique_violation(err: DbErr, field: &'static str, message: &'static str) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => Self::conflict(field, message),
            _ => Self::Database(err),
        }
    }
}
