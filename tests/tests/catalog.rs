//! The database guards itself: what PostgreSQL's catalog says about the schema the app role
//! meets, and the tenant wall tried head-on (a cross-tenant insert, one pooled connection
//! passed from one tenant to another). PostgreSQL only: SQLite has no roles and no policies.

use std::path::PathBuf;

use entity::scope::{OrgId, Role, TenantScope, TenantTx, UserId};
use sea_orm::{ConnectionTrait as _, DatabaseConnection, DbBackend, Statement};
use stockroom_tests::{Session, TestApp, spawn_app};
use uuid::Uuid;

const NO_CATALOG: &str = "roles, policies and the catalog are PostgreSQL's";

/// Tables with an `organization_id` column: every one holds tenant rows.
const TENANT_TABLES: &str = "SELECT c.oid FROM pg_class c
     JOIN pg_attribute a ON a.attrelid = c.oid
     WHERE a.attname = 'organization_id' AND NOT a.attisdropped
       AND c.relkind IN ('r', 'p') AND c.relnamespace = 'public'::regnamespace";

/// Global tables a tenant table may reference although the key does not lead with
/// `organization_id`: in Citus terms they are reference tables, which distributed tables may
/// point at. Each entry is `table.constraint`; a new one is a decision, not an accident.
const REFERENCES_TO_GLOBAL_TABLES: [&str; 2] = [
    // Who wrote a ledger entry: users are global (one person, many organizations).
    "stock_transactions.fk_stock_transactions_author",
    // A membership joins a tenant to a global user.
    "memberships.fk_memberships_user",
];

async fn strings(db: &DatabaseConnection, sql: &str) -> Vec<String> {
    db.query_all_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get_by_index::<String>(0).unwrap())
        .collect()
}

#[tokio::test]
async fn no_security_definer_function_or_owner_rights_view_is_reachable_by_the_app_role() {
    if stockroom_tests::skip_without_postgres(NO_CATALOG) {
        return;
    }
    let app = spawn_app().await;
    let db = app.database.as_app_role().await;
    // A SECURITY DEFINER function runs as its owner: the schema owner's rights, whatever the
    // caller's tenant.
    let definers = strings(
        &db,
        "SELECT p.oid::regprocedure::text FROM pg_proc p
         WHERE p.prosecdef
           AND p.pronamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
           AND has_function_privilege(current_user, p.oid, 'EXECUTE')
         ORDER BY 1",
    )
    .await;
    assert_eq!(
        definers,
        Vec::<String>::new(),
        "SECURITY DEFINER functions the app role may call"
    );
    // A view reads its tables with its owner's rights unless it is `security_invoker`; a
    // materialized view is a copy the policies of its sources no longer guard.
    let views = strings(
        &db,
        "SELECT c.relname::text FROM pg_class c
         WHERE c.relkind IN ('v', 'm')
           AND c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
           AND has_table_privilege(current_user, c.oid, 'SELECT')
           AND (c.relkind = 'm' OR NOT EXISTS (
                SELECT 1 FROM pg_options_to_table(c.reloptions)
                WHERE option_name = 'security_invoker'
                  AND lower(option_value) IN ('true', 'on', 'yes', '1')))
         ORDER BY 1",
    )
    .await;
    assert_eq!(
        views,
        Vec::<String>::new(),
        "views the app role reads with their owner's rights"
    );
}

#[tokio::test]
async fn the_app_role_owns_nothing_and_cannot_act_as_an_owner() {
    if stockroom_tests::skip_without_postgres(NO_CATALOG) {
        return;
    }
    let app = spawn_app().await;
    let db = app.database.as_app_role().await;
    // An owner may disable row-level security or drop a policy; so may any role whose
    // rights it inherits or can SET ROLE to.
    let owned = strings(
        &db,
        "SELECT c.relkind::text || ' ' || c.relname::text || ' of ' || c.relowner::regrole::text
         FROM pg_class c
         WHERE c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
           AND c.relnamespace::regnamespace::text NOT LIKE 'pg\\_toast%'
           AND pg_has_role(current_user, c.relowner, 'MEMBER')
         UNION ALL
         SELECT 'function ' || p.oid::regprocedure::text || ' of ' || p.proowner::regrole::text
         FROM pg_proc p
         WHERE p.pronamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
           AND pg_has_role(current_user, p.proowner, 'MEMBER')
         UNION ALL
         SELECT 'schema ' || n.nspname::text || ' of ' || n.nspowner::regrole::text
         FROM pg_namespace n
         WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
           AND pg_has_role(current_user, n.nspowner, 'MEMBER')
         ORDER BY 1",
    )
    .await;
    assert_eq!(
        owned,
        Vec::<String>::new(),
        "what the app role owns (or may act as the owner of)"
    );
}

fn committed_policies_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/pg_policies.txt")
}

#[tokio::test]
async fn every_tenant_table_has_forced_row_level_security_and_the_committed_policies() {
    if stockroom_tests::skip_without_postgres(NO_CATALOG) {
        return;
    }
    let app = spawn_app().await;
    let db = app.database.owner().await;
    let unguarded = strings(
        &db,
        &format!(
            "SELECT c.relname::text || ': '
                    || CASE WHEN NOT c.relrowsecurity THEN 'row-level security off'
                            WHEN NOT c.relforcerowsecurity THEN 'row-level security not forced'
                            ELSE 'no policy' END
             FROM pg_class c
             WHERE c.oid IN ({TENANT_TABLES})
               AND (NOT c.relrowsecurity OR NOT c.relforcerowsecurity
                    OR NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid))
             ORDER BY 1"
        ),
    )
    .await;
    assert_eq!(unguarded, Vec::<String>::new(), "unguarded tenant tables");

    // Every policy, as PostgreSQL prints it back: a new permissive policy widens what a
    // tenant sees, so it must show up in review as a change to the committed snapshot.
    let live = strings(
        &db,
        "SELECT concat_ws(E'\\n    ',
                    tablename || ' ' || policyname || ' ' || permissive || ' ' || cmd
                        || ' TO ' || array_to_string(roles, ','),
                    'USING ' || qual,
                    'WITH CHECK ' || with_check)
         FROM pg_policies WHERE schemaname = 'public'
         ORDER BY tablename, policyname",
    )
    .await
    .join("\n")
        + "\n";
    let path = committed_policies_path();
    if std::env::var_os("UPDATE_SNAPSHOT").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &live).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == live,
        "the policies differ from {}; review the change, then run with UPDATE_SNAPSHOT=1 to \
         commit it\n--- live ---\n{live}",
        path.display()
    );
}

#[tokio::test]
async fn every_key_of_a_tenant_table_leads_with_organization_id() {
    if stockroom_tests::skip_without_postgres(NO_CATALOG) {
        return;
    }
    let app = spawn_app().await;
    let db = app.database.owner().await;
    // Primary keys and unique indexes (an expression in first place has attnum 0: no name).
    let keys = strings(
        &db,
        &format!(
            "SELECT c.relname::text || '.' || i.relname::text || ' starts with '
                    || coalesce(a.attname::text, 'an expression')
             FROM pg_index x
             JOIN pg_class c ON c.oid = x.indrelid
             JOIN pg_class i ON i.oid = x.indexrelid
             LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = x.indkey[0]
             WHERE x.indrelid IN ({TENANT_TABLES}) AND (x.indisunique OR x.indisprimary)
               AND a.attname IS DISTINCT FROM 'organization_id'
             ORDER BY 1"
        ),
    )
    .await;
    assert_eq!(
        keys,
        Vec::<String>::new(),
        "primary keys and unique indexes of tenant tables not led by organization_id"
    );

    // Foreign keys: between tenant tables, `organization_id` leads on both sides (rows of
    // one tenant point only into that tenant, and the tables co-locate when distributed);
    // a global table never points into a tenant table.
    let references = db
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            format!(
                "SELECT k.conrelid::regclass::text || '.' || k.conname::text AS name,
                        k.conrelid IN ({TENANT_TABLES}) AS from_tenant,
                        k.confrelid IN ({TENANT_TABLES}) AS to_tenant,
                        a.attname::text AS first, fa.attname::text AS first_referenced
                 FROM pg_constraint k
                 JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
                 JOIN pg_attribute fa ON fa.attrelid = k.confrelid AND fa.attnum = k.confkey[1]
                 WHERE k.contype = 'f'
                   AND (k.conrelid IN ({TENANT_TABLES}) OR k.confrelid IN ({TENANT_TABLES}))
                 ORDER BY 1"
            ),
        ))
        .await
        .unwrap();
    let mut wrong = Vec::new();
    let mut to_global = Vec::new();
    for reference in &references {
        let name: String = reference.try_get("", "name").unwrap();
        let from_tenant: bool = reference.try_get("", "from_tenant").unwrap();
        let to_tenant: bool = reference.try_get("", "to_tenant").unwrap();
        let first: String = reference.try_get("", "first").unwrap();
        let first_referenced: String = reference.try_get("", "first_referenced").unwrap();
        match (from_tenant, to_tenant) {
            (false, _) => wrong.push(format!("{name}: a global table points into a tenant")),
            (true, true) if first != "organization_id" || first_referenced != "organization_id" => {
                wrong.push(format!("{name}: ({first}, …) → ({first_referenced}, …)"));
            }
            (true, false) if first != "organization_id" => to_global.push(name),
            _ => {}
        }
    }
    assert!(!references.is_empty(), "tenant tables have foreign keys");
    assert_eq!(
        wrong,
        Vec::<String>::new(),
        "foreign keys of tenant tables not led by organization_id"
    );
    let mut allowed = REFERENCES_TO_GLOBAL_TABLES.map(str::to_owned).to_vec();
    allowed.sort();
    assert_eq!(
        to_global, allowed,
        "references from tenant tables to global tables by another column than \
         organization_id (see REFERENCES_TO_GLOBAL_TABLES)"
    );
}

fn scope(session: &Session) -> TenantScope {
    TenantScope::member(
        OrgId(session.org_id.parse().unwrap()),
        UserId(session.user_id.parse().unwrap()),
        Role::Owner,
    )
}

/// Inserts a location row in plain SQL inside `tx`, for `organization`.
async fn insert_location(tx: &TenantTx, organization: &str, name: &str) -> Result<u64, String> {
    tx.conn()
        .execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "INSERT INTO locations (organization_id, id, name, archived, created_at, updated_at)
             VALUES ($1::uuid, $2, $3, false, now(), now())",
            [organization.into(), Uuid::new_v4().into(), name.into()],
        ))
        .await
        .map(|done| done.rows_affected())
        .map_err(|error| error.to_string())
}

async fn two_tenants(app: &TestApp) -> (Session, Session) {
    let a = app.sign_up("catalog-a@example.com", "Catalog A").await;
    let b = app.sign_up("catalog-b@example.com", "Catalog B").await;
    app.create_location(&a, "A's depot").await;
    app.create_location(&b, "B's depot").await;
    (a, b)
}

#[tokio::test]
async fn a_cross_tenant_write_is_refused_by_with_check() {
    if stockroom_tests::skip_without_postgres(NO_CATALOG) {
        return;
    }
    let app = spawn_app().await;
    let (a, b) = two_tenants(&app).await;
    let db = app.database.as_app_role().await;

    // The same statement in A's own name goes through: the refusal below is the policy's.
    let tx = TenantTx::begin(&db, &scope(&a)).await.unwrap();
    assert_eq!(insert_location(&tx, &a.org_id, "A's own").await, Ok(1));
    tx.commit().await.unwrap();

    let tx = TenantTx::begin(&db, &scope(&a)).await.unwrap();
    let refused = insert_location(&tx, &b.org_id, "Planted in B").await;
    let error = refused.expect_err("A wrote a row into B");
    assert!(
        error.contains("row-level security policy"),
        "refused by the policy's WITH CHECK: {error}"
    );
    drop(tx);

    // Moving one of A's rows into B is refused the same way.
    let tx = TenantTx::begin(&db, &scope(&a)).await.unwrap();
    let moved = tx
        .conn()
        .execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "UPDATE locations SET organization_id = $1::uuid WHERE organization_id = $2::uuid",
            [b.org_id.clone().into(), a.org_id.clone().into()],
        ))
        .await;
    let error = moved.expect_err("A moved a row into B").to_string();
    assert!(
        error.contains("row-level security policy"),
        "refused by the policy's WITH CHECK: {error}"
    );
    drop(tx);

    let names = app
        .ok(
            &b,
            "{ locations { name } }",
            serde_json::json!({}),
            "locations",
        )
        .await;
    assert_eq!(
        names,
        serde_json::json!([{ "name": "B's depot" }]),
        "B's locations are B's alone"
    );
}

#[tokio::test]
async fn one_pooled_connection_used_for_tenant_a_then_b_sees_only_b() {
    if stockroom_tests::skip_without_postgres(NO_CATALOG) {
        return;
    }
    let app = spawn_app().await;
    let (a, b) = two_tenants(&app).await;
    let db = entity::db::connect(&app.database.app_url, 1).await.unwrap();
    // Deliberately no organization filter: what comes back is what the policies let through.
    let seen = async |session: &Session| {
        let tx = TenantTx::begin(&db, &scope(session)).await.unwrap();
        let row = tx
            .conn()
            .query_one_raw(Statement::from_string(
                DbBackend::Postgres,
                "SELECT pg_backend_pid() AS pid,
                        string_agg(DISTINCT organization_id::text, ',') AS orgs,
                        string_agg(name::text, ',' ORDER BY name) AS names
                 FROM locations",
            ))
            .await
            .unwrap()
            .unwrap();
        tx.commit().await.unwrap();
        (
            row.try_get::<i32>("", "pid").unwrap(),
            row.try_get::<String>("", "orgs").unwrap(),
            row.try_get::<String>("", "names").unwrap(),
        )
    };
    let (pid_a, orgs, names) = seen(&a).await;
    assert_eq!((orgs, names), (a.org_id.clone(), "A's depot".to_owned()));
    let (pid_b, orgs, names) = seen(&b).await;
    assert_eq!(pid_a, pid_b, "one connection served both tenants");
    assert_eq!((orgs, names), (b.org_id.clone(), "B's depot".to_owned()));

    // Between transactions the connection belongs to no tenant at all.
    let outside = db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT count(*) AS n, pg_backend_pid() AS pid FROM locations",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(outside.try_get::<i32>("", "pid").unwrap(), pid_b);
    assert_eq!(
        outside.try_get::<i64>("", "n").unwrap(),
        0,
        "no tenant, no rows"
    );
}
