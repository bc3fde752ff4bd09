//! Servers a fault test owns and may stop: a `redis-server`, a PostgreSQL cluster made with
//! `initdb` on its own port. Each is stopped when dropped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A free TCP port on 127.0.0.1 (free when asked; the servers here bind it right after).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port")
}

async fn wait_for_port(port: u16, up: bool) {
    for _ in 0..200 {
        let open = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok();
        if open == up {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "port {port} did not become {}",
        if up { "open" } else { "closed" }
    );
}

/// A `redis-server` of the test's own, without persistence.
pub struct RedisServer {
    port: u16,
    child: Option<Child>,
}

impl RedisServer {
    /// Starts one, or `None` when there is no `redis-server` binary.
    pub async fn start() -> Option<Self> {
        let mut server = Self {
            port: free_port(),
            child: None,
        };
        server.spawn().ok()?;
        wait_for_port(server.port, true).await;
        Some(server)
    }

    fn spawn(&mut self) -> std::io::Result<()> {
        let child = Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port"])
            .arg(self.port.to_string())
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        self.child = Some(child);
        Ok(())
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Kills it (SIGKILL: no goodbye to its clients) and waits until the port is closed.
    pub async fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        wait_for_port(self.port, false).await;
    }

    /// Starts it again on the same port (empty: it keeps nothing).
    pub async fn restart(&mut self) {
        self.spawn().expect("redis-server restarts");
        wait_for_port(self.port, true).await;
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A PostgreSQL cluster of the test's own (trust authentication, no fsync), with the roles of
/// `scripts/postgres-roles.sql`.
pub struct PgCluster {
    port: u16,
    bin: PathBuf,
    data: PathBuf,
    _dir: tempfile::TempDir,
}

/// The newest installed PostgreSQL's `bin` folder (`pg_config --bindir`, or Debian's layout).
fn postgres_bin() -> Option<PathBuf> {
    if let Ok(output) = Command::new("pg_config").arg("--bindir").output()
        && output.status.success()
    {
        let dir = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
        if dir.join("initdb").exists() {
            return Some(dir);
        }
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .map(|entry| entry.path().join("bin"))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop()
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0")
}

impl PgCluster {
    /// Makes and starts a cluster, or `None` when PostgreSQL's server binaries are missing.
    /// As root (PostgreSQL refuses to run as root) the server runs as the `postgres` user.
    pub async fn start() -> Option<Self> {
        let bin = postgres_bin()?;
        let dir = tempfile::tempdir().expect("cluster dir");
        let data = dir.path().join("data");
        if running_as_root() {
            let status = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .status()
                .expect("chown");
            assert!(
                status.success(),
                "the cluster folder could not be given to postgres"
            );
        }
        let cluster = Self {
            port: free_port(),
            bin,
            data,
            _dir: dir,
        };
        let initdb = cluster
            .command("initdb")
            .args(["-U", "postgres", "--auth=trust", "--no-sync", "-D"])
            .arg(&cluster.data)
            .stdout(Stdio::null())
            .status()
            .expect("initdb runs");
        assert!(initdb.success(), "initdb failed");
        cluster.pg_ctl_start().await;
        cluster.prepare_roles();
        Some(cluster)
    }

    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if running_as_root() {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(path);
            command
        } else {
            Command::new(path)
        }
    }

    /// The superuser's URL (for `DATABASE_URL` of the test harness).
    pub fn admin_url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// The schema owner's URL: what the harness clones test databases with.
    pub fn owner_url(&self) -> String {
        format!(
            "postgres://stockroom_owner@127.0.0.1:{}/postgres",
            self.port
        )
    }

    async fn pg_ctl_start(&self) {
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {} -c fsync=off -c max_connections=200",
            self.port,
            self.data.display()
        );
        let status = self
            .command("pg_ctl")
            .args(["-w", "-s", "-D"])
            .arg(&self.data)
            .args(["-o", &options, "-l"])
            .arg(self.data.join("server.log"))
            .arg("start")
            .stdout(Stdio::null())
            .status()
            .expect("pg_ctl start runs");
        assert!(status.success(), "PostgreSQL did not start");
        wait_for_port(self.port, true).await;
    }

    fn prepare_roles(&self) {
        let roles = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/postgres-roles.sql");
        for args in [
            vec!["-f".to_owned(), roles.display().to_string()],
            vec![
                "-c".to_owned(),
                "GRANT pg_signal_backend TO stockroom_owner".to_owned(),
            ],
        ] {
            let status = Command::new("psql")
                .args([
                    "-q",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-h",
                    "127.0.0.1",
                    "-U",
                    "postgres",
                ])
                .arg("-p")
                .arg(self.port.to_string())
                .args(&args)
                .stdout(Stdio::null())
                .status()
                .expect("psql runs");
            assert!(status.success(), "preparing roles failed: {args:?}");
        }
    }

    /// Stops the server the way an operator's restart does (`pg_ctl stop -m fast`: every
    /// session is ended), so clients see it gone.
    pub async fn stop(&self) {
        let status = self
            .command("pg_ctl")
            .args(["-w", "-s", "-m", "fast", "-D"])
            .arg(&self.data)
            .arg("stop")
            .status()
            .expect("pg_ctl stop runs");
        assert!(status.success(), "PostgreSQL did not stop");
        wait_for_port(self.port, false).await;
    }

    pub async fn start_again(&self) {
        self.pg_ctl_start().await;
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .args(["-w", "-s", "-m", "immediate", "-D"])
            .arg(&self.data)
            .arg("stop")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}
