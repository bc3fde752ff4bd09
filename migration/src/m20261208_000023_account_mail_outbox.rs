//! Account e-mails (address verification, password reset, log-in notices) leave their own
//! lease queue for the outbox, so they share its claims, lease extension, crash counting,
//! retry window and parking. They belong to no organization: their events carry the nil
//! organization id, so `outbox_events` loses its foreign key to `organizations` (deleting an
//! organization deletes its events itself). The api may insert such an event outside any
//! tenant, and only such an event (policy `account_mail`); it still sees none.
//! The e-mails that were queued in `account_tokens` move over. Its lease columns stay for
//! one release (expand, then contract), so pods of the previous version keep working during a
//! rolling upgrade: every row a new pod writes, and every row moved here, is leased until its
//! token expires, which a previous-version worker never claims, so nothing is sent twice.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::prelude::{DateTimeUtc, Uuid};
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261208_000023_account_mail_outbox"
    }
}

/// The organization id of events that belong to none.
const NO_ORGANIZATION: &str = "00000000-0000-0000-0000-000000000000";
const TOPIC: &str = "account_mail";
/// Its name on PostgreSQL (SQLite keeps foreign keys unnamed).
const FOREIGN_KEY: &str = "fk_outbox_events_organization";

// The trait's signature elides SchemaManager's lifetime; naming it would not match.
#[allow(elided_lifetimes_in_paths)]
#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(&format!(
                "ALTER TABLE outbox_events DROP CONSTRAINT {FOREIGN_KEY};
                 CREATE POLICY account_mail ON outbox_events FOR INSERT
                     WITH CHECK (organization_id = '{NO_ORGANIZATION}'::uuid
                                 AND topic = '{TOPIC}');"
            ))
            .await?;
        } else {
            drop_sqlite_foreign_key(manager).await?;
        }
        move_queued_mail(manager).await
    }

    // One transaction on SQLite too: the table is rebuilt, and a failure halfway must leave
    // the old table (the embedded app migrates at start-up).
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "m20261208_000023 moves queued account e-mails into the outbox; restore a backup \
             to go back"
                .to_owned(),
        ))
    }
}

/// SQLite cannot drop a constraint: the table is made again from its own definition without
/// the foreign key, and its indexes with it.
async fn drop_sqlite_foreign_key(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let definitions = db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT type, sql FROM sqlite_master
             WHERE tbl_name = 'outbox_events' AND sql IS NOT NULL
             ORDER BY type = 'index'",
        ))
        .await?;
    let mut table = None;
    let mut indexes = Vec::new();
    for row in definitions {
        let kind: String = row.try_get("", "type")?;
        let sql: String = row.try_get("", "sql")?;
        if kind == "table" {
            table = Some(sql);
        } else {
            indexes.push(sql);
        }
    }
    let table = table.ok_or_else(|| DbErr::Migration("outbox_events is missing".to_owned()))?;
    // `, [CONSTRAINT "…"] FOREIGN KEY ("organization_id") REFERENCES "organizations" …`
    let reference =
        "FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\" (\"id\") ON DELETE CASCADE";
    let clause = table.find(reference).and_then(|at| {
        let start = table[..at].rfind(',')?;
        Some(start..at + reference.len())
    });
    let Some(clause) = clause else {
        return Err(DbErr::Migration(format!(
            "outbox_events is not as expected: {table}"
        )));
    };
    let mut rebuilt = table.clone();
    rebuilt.replace_range(clause, "");
    let rebuilt = rebuilt.replacen("\"outbox_events\"", "\"outbox_events_rebuilt\"", 1);
    db.execute_unprepared(&rebuilt).await?;
    db.execute_unprepared(
        "INSERT INTO outbox_events_rebuilt SELECT * FROM outbox_events;
         DROP TABLE outbox_events;
         ALTER TABLE outbox_events_rebuilt RENAME TO outbox_events;",
    )
    .await?;
    for index in indexes {
        db.execute_unprepared(&index).await?;
    }
    Ok(())
}

/// Queues an outbox event for each account e-mail not yet sent (with the token's id: the
/// same e-mail is never queued twice) and leases its row until it expires.
async fn move_queued_mail(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = db.get_database_backend();
    let queued = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT id, created_at FROM account_tokens
             WHERE mailed_at IS NULL AND used_at IS NULL",
        ))
        .await?;
    let nobody = Uuid::nil();
    let now = DateTimeUtc::from(std::time::SystemTime::now());
    for row in queued {
        let id: Uuid = row.try_get("", "id")?;
        let created_at: DateTimeUtc = row.try_get("", "created_at")?;
        let insert = Query::insert()
            .into_table(Alias::new("outbox_events"))
            .columns(
                [
                    "organization_id",
                    "id",
                    "topic",
                    "payload",
                    "created_at",
                    "available_at",
                ]
                .map(Alias::new),
            )
            .values([
                nobody.into(),
                id.into(),
                TOPIC.into(),
                format!("{{\"token_id\":\"{id}\"}}").into(),
                created_at.into(),
                now.into(),
            ])
            .map_err(|e| DbErr::Migration(format!("account e-mail event: {e}")))?
            .to_owned();
        manager.exec_stmt(insert).await?;
    }
    // Out of reach of the previous version's workers still running (see the module).
    db.execute_unprepared(
        "UPDATE account_tokens SET lease_until = expires_at
         WHERE mailed_at IS NULL AND used_at IS NULL",
    )
    .await?;
    Ok(())
}
