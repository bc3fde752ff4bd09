//! Item lists always filter on `archived` (active items by default), then sort by name. With
//! `archived` in the index after the organization, a page is read in index order and its
//! `totalCount` is an index-only scan, instead of visiting every item of the organization on
//! the heap for each page.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000016_items_by_archived_name"
    }
}

// The trait's signature elides SchemaManager's lifetime; naming it would not match.
#[allow(elided_lifetimes_in_paths)]
#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        replace_index(manager, "organization_id, archived, name, id").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        replace_index(manager, "organization_id, name, id").await
    }
}

async fn replace_index(manager: &SchemaManager<'_>, columns: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    db.execute_unprepared("DROP INDEX idx_items_name").await?;
    db.execute_unprepared(&format!("CREATE INDEX idx_items_name ON items ({columns})"))
        .await?;
    Ok(())
}
