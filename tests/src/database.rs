//! A fresh database per test: a SQLite file, or a PostgreSQL database cloned from a template
//! migrated once per migration set (shared across test processes under an advisory lock).

use std::hash::{Hash as _, Hasher as _};

use migration::{Migrator, MigratorTrait as _};
use sea_orm::{
    ConnectOptions, ConnectionTrait as _, Database, DatabaseConnection, DbBackend, Statement,
};
use uuid::Uuid;

pub struct TestDatabase {
    /// What the app connects with (the RLS-bound role on PostgreSQL).
    pub app_url: String,
    /// The schema owner's connection to the same database, for fixtures and fault injection.
    pub owner_url: String,
    postgres: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

fn admin_url() -> Option<String> {
    std::env::var("DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
}

fn app_role() -> String {
    std::env::var("STOCKROOM_TEST_APP_ROLE").unwrap_or_else(|_| "stockroom_app".to_owned())
}

fn with_database(url: &str, database: &str, user: Option<&str>) -> String {
    let mut url = url::Url::parse(url).expect("DATABASE_URL is a URL");
    url.set_path(&format!("/{database}"));
    if let Some(user) = user {
        url.set_username(user).expect("URL accepts a user");
        let password = std::env::var("STOCKROOM_TEST_APP_PASSWORD").ok();
        url.set_password(password.as_deref())
            .expect("URL accepts a password");
    }
    url.to_string()
}

async fn single_connection(url: &str) -> DatabaseConnection {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(1)
        .min_connections(1)
        .sqlx_logging(false);
    Database::connect(options)
        .await
        .expect("connect to PostgreSQL")
}

/// A fingerprint of the migration sources, so an edited migration gets a new template.
fn migrations_fingerprint() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../migration/src");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("migration sources")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut hasher = std::hash::DefaultHasher::new();
    for file in files {
        std::fs::read(&file).unwrap_or_default().hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

async fn ensure_template(admin_url: &str) -> String {
    let name = format!("stockroom_tpl_{}", migrations_fingerprint());
    let admin = single_connection(admin_url).await;
    admin
        .execute_unprepared("SELECT pg_advisory_lock(727274)")
        .await
        .expect("lock");
    let exists = admin
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT 1 FROM pg_database WHERE datname = $1",
            [name.clone().into()],
        ))
        .await
        .expect("look up template")
        .is_some();
    if !exists {
        let building = format!("{name}_build");
        admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {building}"))
            .await
            .expect("drop stale");
        admin
            .execute_unprepared(&format!("CREATE DATABASE {building}"))
            .await
            .expect("create template");
        let template = single_connection(&with_database(admin_url, &building, None)).await;
        let role = app_role();
        template
            .execute_unprepared(&format!(
                "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role};
                 ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role};"
            ))
            .await
            .expect("default privileges for the app role (see README: PostgreSQL roles)");
        Migrator::up(&template, None)
            .await
            .expect("migrate template");
        template.close().await.expect("close template");
        admin
            .execute_unprepared(&format!("ALTER DATABASE {building} RENAME TO {name}"))
            .await
            .expect("publish template");
    }
    admin
        .execute_unprepared("SELECT pg_advisory_unlock(727274)")
        .await
        .expect("unlock");
    admin.close().await.expect("close admin");
    name
}

impl TestDatabase {
    /// A database cloned from the migrated template on the PostgreSQL that `admin_url` (a role
    /// that may create databases) reaches.
    pub async fn create_on(admin_url: String) -> Self {
        let template = ensure_template(&admin_url).await;
        let name = format!("stockroom_test_{}", Uuid::new_v4().simple());
        let admin = single_connection(&admin_url).await;
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
            .await
            .expect("clone template");
        admin.close().await.expect("close admin");
        Self {
            app_url: with_database(&admin_url, &name, Some(&app_role())),
            owner_url: with_database(&admin_url, &name, None),
            postgres: Some((admin_url, name)),
            _dir: None,
        }
    }

    pub async fn create() -> Self {
        match admin_url() {
            Some(admin_url) => Self::create_on(admin_url).await,
            None => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!(
                    "sqlite://{}?mode=rwc",
                    dir.path().join("stockroom.db").display()
                );
                Self {
                    app_url: url.clone(),
                    owner_url: url,
                    postgres: None,
                    _dir: Some(dir),
                }
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }

    /// A connection as the schema owner (on SQLite, to the same file).
    pub async fn owner(&self) -> DatabaseConnection {
        entity::db::connect(&self.owner_url, 2)
            .await
            .expect("owner connection")
    }

    /// A connection as the app's role.
    pub async fn as_app_role(&self) -> DatabaseConnection {
        entity::db::connect(&self.app_url, 2)
            .await
            .expect("app-role connection")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.postgres.take() else {
            return;
        };
        // Drop runs outside any async context we may block: use a small runtime of its own.
        let _ = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async move {
                if let Ok(admin) = Database::connect(admin_url).await {
                    // FORCE ends the app's pooled connections; the role needs pg_signal_backend.
                    let dropped = admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await;
                    if let Err(error) = dropped {
                        eprintln!("test database {name} left behind: {error}");
                    }
                    let _ = admin.close().await;
                }
            });
        })
        .join();
    }
}
