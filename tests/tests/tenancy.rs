//! Each organization's data is walled off: by the header check, by roles, and on PostgreSQL
//! by row-level security underneath.

use chrono::Utc;
use jsonwebtoken::{EncodingKey, Header};
use sea_orm::{ConnectionTrait as _, DbBackend, Statement, TransactionTrait as _};
use serde_json::json;
use stockroom_tests::spawn_app;

use crate::fixtures::add_member;

const MEMBERS: &str = "{ organization { id name } members { user { id email } role } }";

#[tokio::test]
async fn each_organization_sees_only_its_own_data() {
    let app = spawn_app().await;
    let a = app.sign_up("a@example.com", "Alpha").await;
    let b = app.sign_up("b@example.com", "Beta").await;

    let seen_by_a = app.as_user(&a, MEMBERS, json!({})).await;
    assert_eq!(seen_by_a.data()["organization"]["name"], "Alpha");
    assert_eq!(
        seen_by_a.data()["members"],
        json!([{ "user": { "id": a.user_id, "email": "a@example.com" }, "role": "OWNER" }])
    );

    let seen_by_b = app.as_user(&b, MEMBERS, json!({})).await;
    assert_eq!(seen_by_b.data()["organization"]["name"], "Beta");
    assert_eq!(seen_by_b.data()["members"].as_array().unwrap().len(), 1);

    // A's token with B's organization id.
    let crossing = app
        .graphql(MEMBERS, json!({}), Some(&a.access_token), Some(&b.org_id))
        .await;
    assert_eq!(crossing.error_code(), "FORBIDDEN");
    assert!(
        crossing.body["data"].is_null(),
        "nothing of Beta leaks: {}",
        crossing.body
    );

    let rename = app
        .graphql(
            "mutation { updateOrganization(input: { name: \"Owned\" }) { name } }",
            json!({}),
            Some(&a.access_token),
            Some(&b.org_id),
        )
        .await;
    assert_eq!(rename.error_code(), "FORBIDDEN");
    assert_eq!(
        app.as_user(&b, MEMBERS, json!({})).await.data()["organization"]["name"],
        "Beta"
    );
}

#[tokio::test]
async fn missing_malformed_expired_or_tampered_tokens_are_unauthenticated() {
    let app = spawn_app().await;
    let session = app.sign_up("tok@example.com", "Tokens").await;
    let org = Some(session.org_id.as_str());

    let sign = |secret: &str, exp: i64| {
        let claims = json!({ "sub": session.user_id, "iat": Utc::now().timestamp(), "exp": exp, "iss": "stockroom" });
        jsonwebtoken::encode(
            &Header::default(),
            &claims,
            &EncodingKey::from_secret(secret.as_bytes()),
        )
        .unwrap()
    };
    let expired = sign(&app.jwt_secret, Utc::now().timestamp() - 120);
    let foreign = sign(
        "some-other-secret-of-at-least-32-chars",
        Utc::now().timestamp() + 600,
    );
    let mut tampered = session.access_token.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });

    assert_eq!(
        app.graphql(MEMBERS, json!({}), None, org)
            .await
            .error_code(),
        "UNAUTHENTICATED"
    );
    for token in [
        "",
        "garbage",
        "a.b.c",
        expired.as_str(),
        foreign.as_str(),
        tampered.as_str(),
    ] {
        let response = app.graphql(MEMBERS, json!({}), Some(token), org).await;
        assert_eq!(response.error_code(), "UNAUTHENTICATED", "token {token:?}");
    }
    // A non-bearer scheme is refused too.
    let basic = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("Authorization", "Basic dXNlcjpwYXNz")
        .header("X-Organization-Id", &session.org_id)
        .json(&json!({ "query": MEMBERS }))
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = basic.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    // The genuine token works.
    assert!(
        app.as_user(&session, MEMBERS, json!({}))
            .await
            .errors()
            .is_empty()
    );
}

#[tokio::test]
async fn the_organization_header_is_required_and_checked() {
    let app = spawn_app().await;
    let session = app.sign_up("hdr@example.com", "Headers").await;
    let token = Some(session.access_token.as_str());
    let missing = app.graphql(MEMBERS, json!({}), token, None).await;
    assert_eq!(missing.error_code(), "BAD_USER_INPUT");
    let malformed = app
        .graphql(MEMBERS, json!({}), token, Some("not-a-uuid"))
        .await;
    assert_eq!(malformed.error_code(), "BAD_USER_INPUT");
    let unknown = app
        .graphql(
            MEMBERS,
            json!({}),
            token,
            Some(&uuid::Uuid::new_v4().to_string()),
        )
        .await;
    assert_eq!(unknown.error_code(), "FORBIDDEN");
}

#[tokio::test]
async fn roles_below_admin_cannot_change_the_organization() {
    let app = spawn_app().await;
    let owner = app.sign_up("owner@example.com", "Roles").await;
    let rename = "mutation($name: String!) { updateOrganization(input: { name: $name }) { name } }";
    for role in ["viewer", "member", "admin"] {
        let person = app.new_user(&format!("{role}'s own")).await;
        add_member(&app, &owner.org_id, &person.user_id, role).await;
        let as_member = stockroom_tests::Session {
            org_id: owner.org_id.clone(),
            ..person
        };
        let response = app
            .as_user(
                &as_member,
                rename,
                json!({ "name": format!("Renamed by {role}") }),
            )
            .await;
        if role == "admin" {
            assert_eq!(
                response.data()["updateOrganization"]["name"],
                "Renamed by admin"
            );
        } else {
            assert_eq!(response.error_code(), "FORBIDDEN", "{role}");
        }
        // Every role may read.
        assert!(
            app.as_user(&as_member, MEMBERS, json!({}))
                .await
                .errors()
                .is_empty(),
            "{role} reads"
        );
    }
    let members = app.as_user(&owner, MEMBERS, json!({})).await;
    assert_eq!(members.data()["organization"]["name"], "Renamed by admin");
    assert_eq!(
        members.data()["members"][0]["role"],
        "OWNER",
        "owners listed first"
    );
    assert_eq!(members.data()["members"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn every_tenant_table_has_forced_row_level_security() {
    if stockroom_tests::skip_without_postgres("row-level security exists on PostgreSQL only") {
        return;
    }
    let app = spawn_app().await;
    let db = app.database.as_app_role().await;
    let role = db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user",
        ))
        .await
        .unwrap()
        .unwrap();
    assert!(
        !role.try_get::<bool>("", "rolsuper").unwrap(),
        "the app role must not be a superuser"
    );
    assert!(
        !role.try_get::<bool>("", "rolbypassrls").unwrap(),
        "the app role must not bypass RLS"
    );

    let tables = db
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT c.relname::text AS name, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced
             FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
             WHERE a.attname = 'organization_id' AND NOT a.attisdropped
               AND c.relkind IN ('r', 'p') AND c.relnamespace = 'public'::regnamespace",
        ))
        .await
        .unwrap();
    assert!(!tables.is_empty(), "there are tenant tables");
    for table in tables {
        let name: String = table.try_get("", "name").unwrap();
        assert!(
            table.try_get::<bool>("", "enabled").unwrap(),
            "{name}: RLS enabled"
        );
        assert!(
            table.try_get::<bool>("", "forced").unwrap(),
            "{name}: RLS forced"
        );
    }
}

#[tokio::test]
async fn a_query_without_tenant_filter_sees_only_the_current_tenant() {
    if stockroom_tests::skip_without_postgres("row-level security exists on PostgreSQL only") {
        return;
    }
    let app = spawn_app().await;
    let a = app.sign_up("rls-a@example.com", "RLS A").await;
    let b = app.sign_up("rls-b@example.com", "RLS B").await;
    let db = app.database.as_app_role().await;
    let unfiltered = "SELECT organization_id::text AS org FROM memberships";

    let txn = db.begin().await.unwrap();
    txn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT set_config('app.organization_id', $1, true)",
        [a.org_id.clone().into()],
    ))
    .await
    .unwrap();
    let rows = txn
        .query_all_raw(Statement::from_string(DbBackend::Postgres, unfiltered))
        .await
        .unwrap();
    let orgs: Vec<String> = rows.iter().map(|r| r.try_get("", "org").unwrap()).collect();
    assert_eq!(
        orgs,
        vec![a.org_id.clone()],
        "only A's rows, never B's ({})",
        b.org_id
    );
    // Writing into another tenant is refused as well.
    let write = txn
        .execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "UPDATE memberships SET role = 'viewer' WHERE organization_id = $1::uuid",
            [b.org_id.clone().into()],
        ))
        .await
        .unwrap();
    assert_eq!(write.rows_affected(), 0);
    txn.commit().await.unwrap();

    // With no tenant set at all, nothing is visible.
    let none = db
        .query_all_raw(Statement::from_string(DbBackend::Postgres, unfiltered))
        .await
        .unwrap();
    assert!(none.is_empty());
}
