//! The e-mails of team and account flows: invitations, address verification, password reset
//! (each with a single-use token that exists only in the e-mail; the database keeps its hash),
//! and the owners' notice of a failed payment.

use entity::team::{AccountMail, AccountMailQueued, InvitationMail, Purpose};
use sea_orm::DatabaseConnection;

use super::deliver::escape;
use platform::mail::{Mail, Mailer};

/// A link with a token, and the words around it.
struct Link<'a> {
    to_email: &'a str,
    to_name: &'a str,
    subject: String,
    lead: String,
    action: &'a str,
    url: String,
    /// The closing sentence (how long the link works, or why this came).
    note: String,
    message_id: String,
}

fn single_use(expiry: &str) -> String {
    format!("The link works once and {expiry}. If you did not expect this e-mail, ignore it.")
}

fn link_mail(link: Link<'_>) -> Mail {
    let text = format!(
        "Hello {name},\n\n{lead}\n\n{action}: {url}\n\n{note}\n",
        name = link.to_name,
        lead = link.lead,
        action = link.action,
        url = link.url,
        note = link.note,
    );
    let html = format!(
        "<p>Hello {name},</p><p>{lead}</p><p><a href=\"{url}\">{action}</a></p>\
         <p style=\"color:#666\">{note}</p>",
        name = escape(link.to_name),
        lead = escape(&link.lead),
        url = escape(&link.url),
        action = escape(link.action),
        note = escape(&link.note),
    );
    Mail {
        to_email: link.to_email.to_owned(),
        to_name: link.to_name.to_owned(),
        subject: link.subject,
        text,
        html,
        message_id: link.message_id,
        attachments: Vec::new(),
    }
}

pub fn invitation(mail: &InvitationMail, app_url: &str, event_id: uuid::Uuid) -> Mail {
    let role = format!("{:?}", mail.role).to_lowercase();
    link_mail(Link {
        to_email: &mail.email,
        to_name: &mail.email,
        subject: format!(
            "{} invited you to {} on Stockroom",
            mail.inviter, mail.organization
        ),
        lead: format!(
            "{} invited you to join {} on Stockroom as {role}.",
            mail.inviter, mail.organization
        ),
        action: "Accept the invitation",
        url: format!("{app_url}/accept-invitation?token={}", mail.token),
        note: single_use(&format!(
            "expires on {}",
            mail.expires_at.format("%Y-%m-%d %H:%M UTC")
        )),
        message_id: format!("<{event_id}.invitation@stockroom>"),
    })
}

pub fn payment_failed(
    organization: &str,
    owner: &entity::alerts::Recipient,
    app_url: &str,
    event_id: uuid::Uuid,
) -> Mail {
    link_mail(Link {
        to_email: &owner.email,
        to_name: &owner.name,
        subject: format!("Payment failed for {organization} on Stockroom"),
        lead: format!(
            "The latest payment for {organization} did not go through. Everything keeps working \
             for now; if the subscription stays unpaid, the organization becomes read-only."
        ),
        action: "Update the payment method",
        url: format!("{app_url}/settings/billing"),
        note: format!("You receive this as an owner of {organization}."),
        message_id: format!("<{event_id}.{}@stockroom>", owner.user_id),
    })
}

pub fn webhook_disabled(
    organization: &str,
    notice: &entity::webhooks::delivery::EndpointDisabled,
    admin: &entity::alerts::Recipient,
    app_url: &str,
    event_id: uuid::Uuid,
) -> Mail {
    link_mail(Link {
        to_email: &admin.email,
        to_name: &admin.name,
        subject: format!("A webhook endpoint of {organization} was disabled"),
        lead: format!(
            "Stockroom stopped sending events to {} after it kept failing ({}). Events are \
             still recorded: enable the endpoint again once it works, and it resumes where it \
             stopped.",
            notice.url, notice.reason
        ),
        action: "Review the endpoint",
        url: format!("{app_url}/settings/webhooks/{}", notice.endpoint_id),
        note: format!("You receive this as an admin of {organization}."),
        message_id: format!("<{event_id}.{}@stockroom>", admin.user_id),
    })
}

fn account(mail: &AccountMail, app_url: &str, message_id: String) -> Mail {
    let note = single_use(&format!(
        "expires at {}",
        mail.expires_at.format("%Y-%m-%d %H:%M UTC")
    ));
    match mail.purpose {
        Purpose::VerifyEmail => link_mail(Link {
            to_email: &mail.email,
            to_name: &mail.name,
            subject: "Confirm your e-mail address for Stockroom".to_owned(),
            lead: "Please confirm that this is your e-mail address.".to_owned(),
            action: "Confirm the address",
            url: format!("{app_url}/verify-email?token={}", mail.token),
            note,
            message_id,
        }),
        Purpose::ResetPassword => link_mail(Link {
            to_email: &mail.email,
            to_name: &mail.name,
            subject: "Reset your Stockroom password".to_owned(),
            lead: "Someone (hopefully you) asked to reset the password of your Stockroom account. \
                   Resetting it logs you out everywhere."
                .to_owned(),
            action: "Choose a new password",
            url: format!("{app_url}/reset-password?token={}", mail.token),
            note,
            message_id,
        }),
        Purpose::LoginThrottled => link_mail(Link {
            to_email: &mail.email,
            to_name: &mail.name,
            subject: "Log-ins to your Stockroom account were paused".to_owned(),
            lead: "Too many log-in attempts with wrong passwords were made on your account, so \
                   further attempts from the addresses involved are refused for 15 minutes. You \
                   can still log in from any address you logged in from in the last 30 days. If \
                   this was not you, choose a new password."
                .to_owned(),
            action: "Reset your password",
            url: format!("{app_url}/forgot-password"),
            note: "You receive this at most once a day while it goes on.".to_owned(),
            message_id,
        }),
    }
}

/// Sends the account e-mail of an outbox event (topic `account_mail`), issuing its token;
/// nothing when the token no longer needs one. Each attempt's e-mail carries a new token, so
/// it has a `Message-ID` of its own (attempts restart at a retry, so they cannot name it): a
/// mail client must not fold it into an earlier one whose link no longer works.
pub async fn send_account_mail(
    db: &DatabaseConnection,
    mailer: &Mailer,
    app_url: &str,
    event: &entity::entities::outbox_events::Model,
) -> anyhow::Result<()> {
    let queued: AccountMailQueued = serde_json::from_str(&event.payload)?;
    let Some(mail) = entity::team::account_mail(db, queued).await? else {
        tracing::info!(token_id = %queued.token_id, "account e-mail no longer needed (used, expired or ended)");
        return Ok(());
    };
    let message_id = format!("<{}.{}@stockroom>", mail.id, uuid::Uuid::new_v4().simple());
    mailer.send(account(&mail, app_url, message_id)).await?;
    entity::team::mail_sent(db, mail.id).await?;
    Ok(())
}
