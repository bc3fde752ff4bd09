//! Sending e-mail: over SMTP when `SMTP_URL` is set, otherwise as `.eml` files in `MAIL_DIR`
//! (the embedded default, and handy in development).

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context as _;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport as _, Message, Tokio1Executor};

/// One message to one person.
pub struct Mail {
    pub to_email: String,
    pub to_name: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Stable per event and recipient, so a retried delivery can be recognized.
    pub message_id: String,
    pub attachments: Vec<Attachment>,
}

/// A file sent with a message.
pub struct Attachment {
    pub filename: String,
    /// A MIME type, e.g. `application/pdf`.
    pub content_type: String,
    pub bytes: Vec<u8>,
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// `.eml` files, readable by their owner only (they hold tokens).
    Folder(PathBuf),
}

pub struct Mailer {
    transport: Transport,
    from: Mailbox,
}

/// Writes a new file with mode 0600 (on Unix), whatever the umask.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

impl Mailer {
    /// # Errors
    /// When `SMTP_URL` or `MAIL_FROM` is malformed, or `MAIL_DIR` cannot be created.
    pub fn new(smtp_url: Option<&str>, mail_dir: &Path, from: &str) -> anyhow::Result<Self> {
        let from: Mailbox = from.parse().context("MAIL_FROM is not a valid mailbox")?;
        let transport = match smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .context("SMTP_URL is not a valid SMTP URL")?
                    .timeout(Some(Duration::from_secs(15)))
                    .build(),
            ),
            None => {
                let mut folder = std::fs::DirBuilder::new();
                folder.recursive(true);
                #[cfg(unix)]
                std::os::unix::fs::DirBuilderExt::mode(&mut folder, 0o700);
                folder
                    .create(mail_dir)
                    .with_context(|| format!("MAIL_DIR: cannot create {}", mail_dir.display()))?;
                Transport::Folder(mail_dir.to_path_buf())
            }
        };
        Ok(Self { transport, from })
    }

    /// # Errors
    /// When the message cannot be built or the transport refuses it.
    pub async fn send(&self, mail: Mail) -> anyhow::Result<()> {
        let to = Mailbox::new(
            Some(mail.to_name),
            mail.to_email.parse().context("recipient address")?,
        );
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject)
            .message_id(Some(mail.message_id));
        let body = MultiPart::alternative_plain_html(mail.text, mail.html);
        let message = if mail.attachments.is_empty() {
            message.multipart(body)
        } else {
            let mut mixed = MultiPart::mixed().multipart(body);
            for file in mail.attachments {
                let content_type =
                    ContentType::parse(&file.content_type).context("attachment content type")?;
                mixed = mixed.singlepart(
                    lettre::message::Attachment::new(file.filename).body(file.bytes, content_type),
                );
            }
            message.multipart(mixed)
        }
        .context("building the message")?;
        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(message).await.context("SMTP delivery")?;
            }
            Transport::Folder(folder) => {
                let path = folder.join(format!("{}.eml", uuid::Uuid::new_v4()));
                let bytes = message.formatted();
                tokio::task::spawn_blocking(move || write_private(&path, &bytes))
                    .await
                    .context("writing the .eml file")?
                    .context("writing the .eml file")?;
            }
        }
        Ok(())
    }
}

/// Whether `cause` (one error of a chain) is a delivery failure that may pass: the SMTP
/// server unreachable, timing out or answering 4xx. A 5xx answer is permanent.
pub fn is_transient(cause: &(dyn std::error::Error + 'static)) -> bool {
    cause
        .downcast_ref::<lettre::transport::smtp::Error>()
        .is_some_and(|error| !error.is_permanent())
}
