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

pub fn bigint_col(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .big_integer()
        .not_null()
        .to_owned()
}

pub fn nullable_text_col(name: &'static str, len: u32) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .string_len(len)
        .null()
        .to_owned()
}

pub fn bool_col(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .boolean()
        .not_null()
        .default(false)
        .to_owned()
}

/// A tenant table: `organization_id` first, primary key `(organization_id, <pk columns>)`.
pub fn tenant_table(name: &'static str, pk: &[&'static str]) -> TableCreateStatement {
    let mut table = Table::create();
    table
        .table(Alias::new(name))
        .col(uuid_col("organization_id"));
    let mut key = Index::create();
    key.col(Alias::new("organization_id"));
    for column in pk {
        key.col(Alias::new(*column));
    }
    table.primary_key(&mut key);
    table.foreign_key(
        ForeignKey::create()
            .name(format!("fk_{name}_organization"))
            .from(Alias::new(name), Alias::new("organization_id"))
            .to(Alias::new("organizations"), Alias::new("id"))
            .on_delete(ForeignKeyAction::Cascade),
    );
    table
}

/// A reference between two rows of one tenant: `(organization_id, column)` →
/// `(organization_id, id)`, so a row can never point into another tenant.
pub fn tenant_fk(
    table: &'static str,
    column: &'static str,
    target: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from_tbl(Alias::new(table))
        .from_col(Alias::new("organization_id"))
        .from_col(Alias::new(column))
        .to_tbl(Alias::new(target))
        .to_col(Alias::new("organization_id"))
        .to_col(Alias::new("id"))
        .to_owned()
}

/// An index (unique or not) of a tenant table, always led by `organization_id`.
pub fn tenant_index(
    table: &'static str,
    name: &str,
    columns: &[&'static str],
    unique: bool,
) -> IndexCreateStatement {
    let mut index = Index::create();
    index
        .name(name)
        .table(Alias::new(table))
        .col(Alias::new("organization_id"));
    for column in columns {
        index.col(Alias::new(*column));
    }
    if unique {
        index.unique();
    }
    index.to_owned()
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
