//! One statement opens a tenant transaction: `enter_tenant` sets the tenant (and user) the
//! row-level security policies read, then returns the caller's membership, their locations
//! and the organization's row — so the check that admits a request runs inside the
//! transaction that does its work. A plain `SELECT` cannot do both: its policies could read
//! the settings before they are set. PostgreSQL only; on SQLite the application reads the
//! same rows itself.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000014_enter_tenant"
    }
}

// The trait's signature elides SchemaManager's lifetime; naming it would not match.
#[allow(elided_lifetimes_in_paths)]
#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        // No row: no such organization. A row with a NULL role: not a member.
        db.execute_unprepared(
            "CREATE FUNCTION enter_tenant(p_organization uuid, p_user uuid)
             RETURNS TABLE (member_role text, member_email text, member_locations jsonb,
                            organization jsonb)
             LANGUAGE plpgsql VOLATILE AS $$
             BEGIN
                 PERFORM set_config('app.organization_id', p_organization::text, true),
                         set_config('app.user_id', p_user::text, true);
                 RETURN QUERY
                     SELECT m.role::text, u.email::text,
                            (SELECT COALESCE(jsonb_agg(ml.location_id), '[]')
                             FROM member_locations ml
                             WHERE ml.organization_id = p_organization
                               AND ml.user_id = p_user),
                            to_jsonb(o)
                     FROM organizations o
                     LEFT JOIN memberships m
                            ON m.organization_id = o.id AND m.user_id = p_user
                     LEFT JOIN users u ON u.id = m.user_id
                     WHERE o.id = p_organization;
             END
             $$;",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        db.execute_unprepared("DROP FUNCTION enter_tenant(uuid, uuid);")
            .await?;
        Ok(())
    }
}
