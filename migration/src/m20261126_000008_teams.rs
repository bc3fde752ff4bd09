//! Teams: invitations, per-member location scopes, API keys, the audit log, and the account
//! e-mail tokens (address verification, password reset).

use sea_orm_migration::prelude::*;

use crate::schema::{
    nullable_text_col, nullable_timestamp_col, rls, tenant_fk, tenant_index, tenant_table,
    text_col, timestamp_col, uuid_col,
};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000008_teams"
    }
}

fn nullable_uuid_col(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name)).uuid().null().to_owned()
}

fn attempts_col() -> ColumnDef {
    ColumnDef::new(Alias::new("attempts"))
        .integer()
        .not_null()
        .default(0)
        .to_owned()
}

// The trait's signature elides SchemaManager's lifetime; naming it would not match.
#[allow(elided_lifetimes_in_paths)]
#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("users"))
                    .add_column(nullable_timestamp_col("email_verified_at"))
                    .to_owned(),
            )
            .await?;

        // Single-use tokens e-mailed to a user. The worker mails a row (it alone ever holds
        // the plain token) and stores the token's hash; `mailed_at` marks it sent.
        manager
            .create_table(
                Table::create()
                    .table(Alias::new("account_tokens"))
                    .col(uuid_col("id").primary_key())
                    .col(uuid_col("user_id"))
                    .col(text_col("purpose", 16))
                    .col(nullable_text_col("token_hash", 64).unique_key())
                    .col(timestamp_col("created_at"))
                    .col(timestamp_col("expires_at"))
                    .col(nullable_timestamp_col("used_at"))
                    .col(nullable_timestamp_col("mailed_at"))
                    .col(nullable_timestamp_col("lease_until"))
                    .col(attempts_col())
                    .col(nullable_text_col("last_error", 2000))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_account_tokens_user")
                            .from(Alias::new("account_tokens"), Alias::new("user_id"))
                            .to(Alias::new("users"), Alias::new("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_account_tokens_user", &["user_id", "purpose"][..]),
            (
                "idx_account_tokens_unmailed",
                &["mailed_at", "lease_until"][..],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Alias::new("account_tokens"));
            for column in columns {
                index.col(Alias::new(*column));
            }
            manager.create_index(index.to_owned()).await?;
        }

        let mut invitations = tenant_table("invitations", &["id"]);
        invitations
            .col(uuid_col("id"))
            .col(text_col("email", 254))
            .col(
                text_col("role", 16).check(
                    Expr::col(Alias::new("role")).is_in(["viewer", "member", "admin", "owner"]),
                ),
            )
            .col(uuid_col("invited_by"))
            .col(nullable_text_col("token_hash", 64))
            .col(timestamp_col("created_at"))
            .col(timestamp_col("expires_at"))
            .col(nullable_timestamp_col("mailed_at"))
            .col(nullable_timestamp_col("accepted_at"))
            .col(nullable_uuid_col("accepted_by"))
            .col(nullable_timestamp_col("revoked_at"));
        manager.create_table(invitations).await?;
        manager
            .create_index(tenant_index(
                "invitations",
                "idx_invitations_email",
                &["email"],
                false,
            ))
            .await?;
        rls::enable(manager, "invitations").await?;

        let mut scopes = tenant_table("member_locations", &["user_id", "location_id"]);
        scopes
            .col(uuid_col("user_id"))
            .col(uuid_col("location_id"))
            .foreign_key(
                ForeignKey::create()
                    .name("fk_member_locations_membership")
                    .from_tbl(Alias::new("member_locations"))
                    .from_col(Alias::new("organization_id"))
                    .from_col(Alias::new("user_id"))
                    .to_tbl(Alias::new("memberships"))
                    .to_col(Alias::new("organization_id"))
                    .to_col(Alias::new("user_id"))
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .foreign_key(
                tenant_fk("member_locations", "location_id", "locations")
                    .on_delete(ForeignKeyAction::Cascade),
            );
        manager.create_table(scopes).await?;
        rls::enable(manager, "member_locations").await?;
        // A user reads their own scopes while their membership is checked.
        rls::allow_own_rows_read(manager, "member_locations").await?;

        let mut keys = tenant_table("api_keys", &["id"]);
        keys.col(uuid_col("id"))
            .col(text_col("name", 100))
            .col(
                text_col("role", 16)
                    .check(Expr::col(Alias::new("role")).is_in(["viewer", "member", "admin"])),
            )
            .col(text_col("secret_hash", 64))
            .col(uuid_col("created_by"))
            .col(timestamp_col("created_at"))
            .col(nullable_timestamp_col("expires_at"))
            .col(nullable_timestamp_col("last_used_at"))
            .col(nullable_timestamp_col("revoked_at"));
        manager.create_table(keys).await?;
        rls::enable(manager, "api_keys").await?;

        let mut audit = tenant_table("audit_log", &["id"]);
        audit
            .col(uuid_col("id"))
            .col(timestamp_col("occurred_at"))
            .col(nullable_uuid_col("actor_user_id"))
            .col(nullable_uuid_col("actor_api_key_id"))
            .col(text_col("actor_label", 254))
            .col(text_col("action", 64))
            .col(nullable_text_col("target_type", 32))
            .col(nullable_text_col("target_id", 64))
            .col(ColumnDef::new(Alias::new("summary")).text().not_null())
            .col(nullable_text_col("ip", 64));
        manager.create_table(audit).await?;
        for (name, columns) in [
            ("idx_audit_log_time", &["occurred_at"][..]),
            ("idx_audit_log_action", &["action", "occurred_at"][..]),
            ("idx_audit_log_target", &["target_id"][..]),
        ] {
            manager
                .create_index(tenant_index("audit_log", name, columns, false))
                .await?;
        }
        rls::enable(manager, "audit_log").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            "audit_log",
            "api_keys",
            "member_locations",
            "invitations",
            "account_tokens",
        ] {
            manager
                .drop_table(Table::drop().table(Alias::new(name)).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("users"))
                    .drop_column(Alias::new("email_verified_at"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
