//! Helpers shared by migrations: column shorthands and PostgreSQL row-level security.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub fn uuid_col(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .uuid()
        .not_null()
        .to_owned()
}

pub fn text_col(name: &'static str, len: u32) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .string_len(len)
        .not_null()
        .to_owned()
}

pub fn timestamp_col(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

pub fn nullable_timestamp_col(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

/// Row-level security for tenant tables (PostgreSQL only; SQLite is single-tenant-safe through
/// the application's scoped handle alone).
pub mod rls {
    use super::*;

    /// The tenant the current transaction acts for, as set by `set_config(…, true)`.
    /// After such a transaction the setting reads `''`, hence `NULLIF`.
    pub const CURRENT_ORG: &str = "NULLIF(current_setting('app.organization_id', true), '')::uuid";
    pub const CURRENT_USER: &str = "NULLIF(current_setting('app.user_id', true), '')::uuid";

    /// Enables and forces RLS on `table` with the standard policy: a row is visible and
    /// writable only inside a transaction whose tenant is the row's `organization_id`.
    ///
    /// # Errors
    /// When a statement fails.
    pub async fn enable(manager: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        db.execute_unprepared(&format!(
            "ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
             ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
             CREATE POLICY tenant_isolation ON {table}
                 USING (organization_id = {CURRENT_ORG})
                 WITH CHECK (organization_id = {CURRENT_ORG});"
        ))
        .await?;
        Ok(())
    }

    /// Adds a read-only policy letting a user see their own rows of `table` in any tenant.
    ///
    /// # Errors
    /// When a statement fails.
    pub async fn allow_own_rows_read(
        manager: &SchemaManager<'_>,
        table: &str,
    ) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        db.execute_unprepared(&format!(
            "CREATE POLICY own_rows_read ON {table} FOR SELECT USING (user_id = {CURRENT_USER});"
        ))
        .await?;
        Ok(())
    }
}
