//! Organizations, users, memberships and refresh tokens.

use sea_orm_migration::prelude::*;

use crate::schema::{nullable_timestamp_col, rls, text_col, timestamp_col, uuid_col};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000001_accounts"
    }
}

fn table(name: &'static str) -> Alias {
    Alias::new(name)
}

fn col(name: &'static str) -> Alias {
    Alias::new(name)
}

// The trait's signature elides SchemaManager's lifetime; naming it would not match.
#[allow(elided_lifetimes_in_paths)]
#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(table("organizations"))
                    .col(uuid_col("id").primary_key())
                    .col(text_col("name", 100))
                    .col(timestamp_col("created_at"))
                    .col(timestamp_col("updated_at"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(table("users"))
                    .col(uuid_col("id").primary_key())
                    .col(text_col("email", 254).unique_key())
                    .col(text_col("name", 100))
                    .col(text_col("password_hash", 255))
                    .col(timestamp_col("created_at"))
                    .col(timestamp_col("updated_at"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(table("memberships"))
                    .col(uuid_col("organization_id"))
                    .col(uuid_col("user_id"))
                    .col(text_col("role", 16).check(
                        Expr::col(col("role")).is_in(["viewer", "member", "admin", "owner"]),
                    ))
                    .col(timestamp_col("created_at"))
                    .primary_key(
                        Index::create()
                            .col(col("organization_id"))
                            .col(col("user_id")),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_memberships_organization")
                            .from(table("memberships"), col("organization_id"))
                            .to(table("organizations"), col("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_memberships_user")
                            .from(table("memberships"), col("user_id"))
                            .to(table("users"), col("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // The one index of a tenant table that does not start with organization_id: it answers
        // "which organizations is this user in" at log-in, across tenants by nature.
        manager
            .create_index(
                Index::create()
                    .name("idx_memberships_user")
                    .table(table("memberships"))
                    .col(col("user_id"))
                    .to_owned(),
            )
            .await?;
        rls::enable(manager, "memberships").await?;
        rls::allow_own_rows_read(manager, "memberships").await?;

        manager
            .create_table(
                Table::create()
                    .table(table("refresh_tokens"))
                    .col(uuid_col("id").primary_key())
                    .col(uuid_col("user_id"))
                    .col(uuid_col("family_id"))
                    .col(text_col("token_hash", 64).unique_key())
                    .col(timestamp_col("created_at"))
                    .col(timestamp_col("expires_at"))
                    .col(nullable_timestamp_col("used_at"))
                    .col(nullable_timestamp_col("revoked_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_refresh_tokens_user")
                            .from(table("refresh_tokens"), col("user_id"))
                            .to(table("users"), col("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_refresh_tokens_family", "family_id"),
            ("idx_refresh_tokens_user", "user_id"),
            ("idx_refresh_tokens_expires", "expires_at"),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(table("refresh_tokens"))
                        .col(col(column))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in ["refresh_tokens", "memberships", "users", "organizations"] {
            manager
                .drop_table(Table::drop().table(table(name)).to_owned())
                .await?;
        }
        Ok(())
    }
}
