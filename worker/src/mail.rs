//! Sending e-mail: over SMTP when `SMTP_URL` is set, otherwise as `.eml` files in `MAIL_DIR`
//! (the embedded default, and handy in development).

use std::path::Path;
use std::time::Duration;

use anyhow::Context as _;
use lettre::message::{Mailbox, MultiPart};
use lettre::{
    AsyncFileTransport, AsyncSmtpTransport, AsyncTransport as _, Message, Tokio1Executor,
};

/// One message to one person.
pub struct Mail {
    pub to_email: String,
    pub to_name: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Stable per event and recipient, so a retried delivery can be recognized.
    pub message_id: String,
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Folder(AsyncFileTransport<Tokio1Executor>),
}

pub struct Mailer {
    transport: Transport,
    from: Mailbox,
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
                std::fs::create_dir_all(mail_dir)
                    .with_context(|| format!("MAIL_DIR: cannot create {}", mail_dir.display()))?;
                Transport::Folder(AsyncFileTransport::new(mail_dir))
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
            .message_id(Some(mail.message_id))
            .multipart(MultiPart::alternative_plain_html(mail.text, mail.html))
            .context("building the message")?;
        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(message).await.context("SMTP delivery")?;
            }
            Transport::Folder(folder) => {
                folder
                    .send(message)
                    .await
                    .context("writing the .eml file")?;
            }
        }
        Ok(())
    }
}
