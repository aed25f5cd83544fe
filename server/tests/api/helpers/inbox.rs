//! What reached the sandbox inbox and the emulator, read as a person or the vendor would.

use verigate::emulator::InboxMessage;

use super::TestApp;

impl TestApp {
    /// The code in the newest message of the sandbox inbox, read like a person would.
    pub async fn newest_sandbox_code(&self) -> String {
        let body: String = sqlx::query_scalar(
            "select body from message order by created_at desc, message_id desc limit 1",
        )
        .fetch_one(&self.db.pool)
        .await
        .expect("a sandbox message");
        code_in(&body)
    }

    /// The code of the newest sign-in code's message. Sign-in messages are sent after the
    /// answer (so its timing tells nothing), so this waits for it like a person waits for an SMS.
    pub async fn delivered_sign_in_code(&self) -> String {
        for _ in 0..500 {
            let body: Option<String> = sqlx::query_scalar(
                "select m.body from message m where m.scene = 'sign-in' and m.body is not null \
                 and m.created_at = (select max(created_at) from challenge where scene = 'sign-in') \
                 order by m.message_id desc limit 1",
            )
            .fetch_optional(&self.db.pool)
            .await
            .expect("the message log is readable");
            if let Some(body) = body {
                return code_in(&body);
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("no sign-in message arrived within 5 s");
    }

    /// The newest message the emulator accepted.
    pub async fn newest_emulator_message(&self) -> InboxMessage {
        self.emulator_messages()
            .await
            .into_iter()
            .next()
            .expect("the emulator accepted a message")
    }

    /// How many messages the emulator accepted.
    pub async fn emulator_inbox_size(&self) -> usize {
        self.emulator_messages().await.len()
    }

    /// The messages the emulator accepted, newest first (the first hundred).
    async fn emulator_messages(&self) -> Vec<InboxMessage> {
        self.emulator()
            .inbox()
            .newest(100)
            .await
            .expect("the emulator inbox is readable")
    }
}

/// The code in a sandbox message's text, in whatever language: its first run of 4 or more
/// digits (Chinese text puts no space around it).
fn code_in(body: &str) -> String {
    body.split(|c: char| !c.is_ascii_digit())
        .find(|digits| digits.len() >= 4)
        .expect("the message contains the code")
        .to_owned()
}
