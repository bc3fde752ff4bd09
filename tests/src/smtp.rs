//! A real SMTP server for tests: accepts (or, when told, refuses) mail and keeps what arrives.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::{TcpListener, TcpStream};

#[derive(Clone, Default)]
struct State {
    messages: Arc<Mutex<Vec<String>>>,
    refusing: Arc<AtomicBool>,
    rejecting: Arc<AtomicBool>,
    /// Milliseconds each message takes to be accepted after it has arrived.
    delay_ms: Arc<AtomicU64>,
}

pub struct SmtpSink {
    pub port: u16,
    state: State,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SmtpSink {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind SMTP sink");
        let port = listener.local_addr().expect("address").port();
        let state = State::default();
        let accepting = state.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, accepting.clone()));
            }
        });
        Self { port, state, task }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Messages received so far, raw.
    pub fn messages(&self) -> Vec<String> {
        self.state
            .messages
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Each message is kept as it arrives but acknowledged only after `delay`: a sender
    /// killed meanwhile never learns it was delivered.
    pub fn slow_down(&self, delay: Duration) {
        let millis = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        self.state.delay_ms.store(millis, Ordering::SeqCst);
    }

    /// While rejecting, every MAIL FROM gets a permanent failure (550): the message itself is
    /// at fault, as far as the sender can tell.
    pub fn reject(&self, rejecting: bool) {
        self.state.rejecting.store(rejecting, Ordering::SeqCst);
    }

    /// While refusing, every MAIL FROM gets a temporary failure (451).
    pub fn refuse(&self, refusing: bool) {
        self.state.refusing.store(refusing, Ordering::SeqCst);
    }
}

async fn serve(stream: TcpStream, state: State) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    if write.write_all(b"220 sink ESMTP\r\n").await.is_err() {
        return;
    }
    while let Ok(Some(line)) = lines.next_line().await {
        let verb = line
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-sink\r\n250 8BITMIME\r\n",
            "HELO" | "RCPT" | "RSET" | "NOOP" => b"250 OK\r\n",
            "MAIL" if state.rejecting.load(Ordering::SeqCst) => b"550 5.7.1 rejected\r\n",
            "MAIL" if state.refusing.load(Ordering::SeqCst) => b"451 4.3.0 try again later\r\n",
            "MAIL" => b"250 OK\r\n",
            "DATA" => {
                if write.write_all(b"354 go ahead\r\n").await.is_err() {
                    return;
                }
                let mut message = String::new();
                while let Ok(Some(data)) = lines.next_line().await {
                    if data == "." {
                        break;
                    }
                    message.push_str(&data);
                    message.push('\n');
                }
                state
                    .messages
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(message);
                let delay = state.delay_ms.load(Ordering::SeqCst);
                if delay > 0 {
                    tokio::time::sleep(Duration::from_millis(delay)).await;
                }
                b"250 OK queued\r\n"
            }
            "QUIT" => {
                let _ = write.write_all(b"221 bye\r\n").await;
                return;
            }
            _ => b"502 command not implemented\r\n",
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}
