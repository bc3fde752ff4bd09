//! Opening the database: SQLite (embedded default) or PostgreSQL.

use std::str::FromStr;
use std::time::Duration;

use sea_orm::sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sea_orm::{DatabaseConnection, DbErr, SqlxPostgresConnector, SqlxSqliteConnector};

/// How long anything may wait on a pool: for a connection (both backends), and the limits
/// PostgreSQL puts on every session, so no statement or forgotten transaction runs unbounded
/// (zero turns a session limit off).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolTimeouts {
    /// `statement_timeout`: a statement running longer is cancelled (SQLSTATE 57014).
    pub statement: Duration,
    /// `idle_in_transaction_session_timeout`: a session idle inside a transaction that long
    /// is ended, releasing its locks.
    pub idle_in_transaction: Duration,
    /// How long a caller waits for a connection (all in use, or the database unreachable)
    /// before failing with `ConnectionAcquire(Timeout)`.
    pub acquire: Duration,
}

impl Default for PoolTimeouts {
    fn default() -> Self {
        Self {
            statement: Duration::from_secs(10),
            idle_in_transaction: Duration::from_secs(30),
            acquire: Duration::from_secs(3),
        }
    }
}

/// Opens a pool on `url` with the default [`PoolTimeouts`]; see [`connect_with`].
///
/// # Errors
/// When the URL is malformed or the database cannot be reached.
pub async fn connect(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    connect_with(url, max_connections, PoolTimeouts::default()).await
}

/// Opens a pool on `url` (`sqlite://…` or `postgres://…`).
///
/// SQLite gets a single connection: every transaction then runs alone, so concurrent writers
/// queue instead of failing with `SQLITE_BUSY`, which is what an embedded single-node install
/// wants. PostgreSQL gets `max_connections`, each session started with `timeouts`.
///
/// # Errors
/// When the URL is malformed or the database cannot be reached.
pub async fn connect_with(
    url: &str,
    max_connections: u32,
    timeouts: PoolTimeouts,
) -> Result<DatabaseConnection, DbErr> {
    let acquire_timeout = timeouts.acquire;
    if url.starts_with("sqlite:") {
        let options =
            SqliteConnectOptions::from_str(url).map_err(|e| DbErr::Custom(e.to_string()))?;
        if url.contains("mode=rwc") {
            create_private_file(options.get_filename())
                .map_err(|e| DbErr::Custom(format!("creating the SQLite file: {e}")))?;
        }
        let options = options
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(acquire_timeout)
            .connect_with(options)
            .await
            .map_err(|e| DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e.into())))?;
        Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
    } else {
        // Sent in the start-up packet, so every session has them before its first statement.
        let options = PgConnectOptions::from_str(url)
            .map_err(|e| DbErr::Custom(e.to_string()))?
            .options([
                ("statement_timeout", timeouts.statement.as_millis()),
                (
                    "idle_in_transaction_session_timeout",
                    timeouts.idle_in_transaction.as_millis(),
                ),
            ]);
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(acquire_timeout)
            .connect_with(options)
            .await
            .map_err(|e| DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e.into())))?;
        warn_without_autovacuum(&pool).await;
        Ok(SqlxPostgresConnector::from_sqlx_postgres_pool(pool))
    }
}

/// Says so in the log when the server does not autovacuum: the levels, the ledger and the
/// outbox change all day, and without it their planner statistics stay those of empty tables
/// and their dead rows are never reclaimed (measured: a 50-item levels lookup read every level
/// of the organization, and outbox claims walked dead rows).
async fn warn_without_autovacuum(pool: &sea_orm::sqlx::PgPool) {
    let setting = sea_orm::sqlx::query_scalar::<_, String>("SHOW autovacuum")
        .fetch_one(pool)
        .await;
    if matches!(setting.as_deref(), Ok("off")) {
        tracing::warn!(
            "PostgreSQL runs with autovacuum off: query plans and table sizes will degrade; \
             turn it on (ALTER SYSTEM SET autovacuum = on; SELECT pg_reload_conf())"
        );
    }
}

/// Creates the SQLite file readable and writable by its owner only (mode 0600) when it does not
/// exist yet, and takes group and other access away from one that does (made by an older
/// version, or by the `migration` tool); SQLite gives its `-wal` and `-shm` files the database
/// file's permissions.
fn create_private_file(path: &std::path::Path) -> std::io::Result<()> {
    let name = path.as_os_str();
    if name.is_empty() || name == ":memory:" {
        return Ok(());
    }
    if path.exists() {
        return make_private(path);
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        // Another process created it first: theirs stands.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(unix)]
fn make_private(path: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = std::fs::metadata(path)?.permissions().mode();
    if mode & 0o077 != 0 {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & 0o700))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn make_private(_: &std::path::Path) -> std::io::Result<()> {
    Ok(())
}

/// Whether the connected role may change or remove history (ledger rows, audit entries): true
/// when the app connects as the schema owner or a role the append-only migration did not
/// cover. Always false on SQLite, which has no roles.
///
/// # Errors
/// On database failure.
pub async fn history_is_writable(db: &DatabaseConnection) -> Result<bool, DbErr> {
    use sea_orm::ConnectionTrait as _;
    if db.get_database_backend() != sea_orm::DbBackend::Postgres {
        return Ok(false);
    }
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT bool_or(has_table_privilege(current_user, t, p)) AS writable \
             FROM unnest(ARRAY['stock_transactions', 'stock_movements', 'audit_log']) AS t, \
                  unnest(ARRAY['UPDATE', 'DELETE']) AS p",
        ))
        .await?;
    Ok(row
        .and_then(|r| r.try_get::<Option<bool>>("", "writable").ok().flatten())
        .unwrap_or(false))
}

/// Current and maximum pool sizes, for metrics.
pub struct PoolStats {
    pub size: u32,
    pub idle: u32,
    pub max: u32,
}

pub fn pool_stats(db: &DatabaseConnection) -> Option<PoolStats> {
    match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            Some(PoolStats {
                size: pool.size(),
                idle: u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
                max: pool.options().get_max_connections(),
            })
        }
        sea_orm::DbBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            Some(PoolStats {
                size: pool.size(),
                idle: u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
                max: pool.options().get_max_connections(),
            })
        }
        _ => None,
    }
}

/// Deletes up to `batch` rows of `E` matching `condition`, in one statement; returns how many.
/// For purges that run a batch per step, so no step holds a long transaction.
pub(crate) async fn delete_batch<E: sea_orm::EntityTrait>(
    db: &DatabaseConnection,
    id: E::Column,
    condition: sea_orm::Condition,
    batch: u64,
) -> Result<u64, DbErr> {
    use sea_orm::QueryFilter as _;
    use sea_orm::sea_query::{ExprTrait as _, Query};
    let mut ids = Query::select();
    ids.column(id)
        .from(E::default())
        .cond_where(condition)
        .limit(batch);
    let deleted = E::delete_many()
        .filter(sea_orm::sea_query::Expr::col(id).in_subquery(ids))
        .exec(db)
        .await?;
    Ok(deleted.rows_affected)
}
