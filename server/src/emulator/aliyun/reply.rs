//! The Aliyun gateway's answers: gateway (POP) errors with HTTP 4xx/5xx and `HostId` and
//! `Recommend`, business errors and success with HTTP 200.

use serde_json::json;

use crate::emulator::Reply;

/// What the real gateway names itself in `HostId`.
const HOST_ID: &str = "dysmsapi.aliyuncs.com";

/// Why a request was refused: the HTTP status, the vendor's `Code` and `Message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub code: String,
    pub message: String,
}

impl Refusal {
    /// A gateway error (HTTP 4xx/5xx).
    pub fn gateway(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            status,
            code: code.into(),
            message: message.into(),
        }
    }

    /// A business error: HTTP 200 with an `isv.*` code.
    pub fn business(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::gateway(200, code, message)
    }

    /// `Missing<Name>`, as the gateway names a missing parameter.
    pub fn missing(name: &str) -> Self {
        let code: String = name.split('-').map(capitalised).collect();
        Self::gateway(
            400,
            format!("Missing{code}"),
            format!("{name} is mandatory for this action."),
        )
    }

    pub fn invalid(name: &str) -> Self {
        Self::gateway(
            400,
            "InvalidParameter",
            format!("Specified parameter {name} is not valid."),
        )
    }

    pub fn reply(&self, request_id: &str) -> Reply {
        if self.status == 200 {
            return Reply::json(
                200,
                &json!({"RequestId": request_id, "Code": self.code, "Message": self.message}),
            );
        }
        Reply::json(
            self.status,
            &json!({
                "RequestId": request_id,
                "HostId": HOST_ID,
                "Code": self.code,
                "Message": self.message,
                "Recommend": format!(
                    "https://api.aliyun.com/troubleshoot?q={}&product=Dysmsapi&requestId={request_id}",
                    self.code
                ),
            }),
        )
    }
}

/// `x` → `X`, `acs` → `Acs`: header names in `Missing…` codes.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The success answer with the receipt id the real gateway gives (`<digits>^0`).
pub fn sent(request_id: &str) -> Reply {
    let biz_id: u64 = rand::random_range(100_000_000_000_000_000..1_000_000_000_000_000_000);
    Reply::json(
        200,
        &json!({"Message": "OK", "RequestId": request_id, "BizId": format!("{biz_id}^0"), "Code": "OK"}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(reply: &Reply) -> (u16, serde_json::Value) {
        match reply {
            Reply::Respond { status, body, .. } => {
                (*status, serde_json::from_slice(body).expect("JSON"))
            }
            Reply::Hang => panic!("an answer"),
        }
    }

    #[test]
    fn gateway_errors_carry_host_id_and_recommend_and_business_errors_do_not() {
        let (status, gateway) = body(&Refusal::missing("x-acs-date").reply("R"));
        assert_eq!(status, 400);
        assert_eq!(gateway["Code"], "MissingXAcsDate");
        assert_eq!(
            gateway["Message"],
            "x-acs-date is mandatory for this action."
        );
        assert_eq!(gateway["HostId"], HOST_ID);
        assert!(
            gateway["Recommend"]
                .as_str()
                .expect("text")
                .contains("MissingXAcsDate")
        );

        let (status, business) = body(&Refusal::business("isv.X", "m").reply("R"));
        assert_eq!(status, 200);
        assert_eq!(
            business,
            json!({"RequestId": "R", "Code": "isv.X", "Message": "m"})
        );
    }

    #[test]
    fn success_has_a_biz_id_of_digits_and_caret_zero() {
        let (status, sent) = body(&sent("R"));
        let biz_id = sent["BizId"].as_str().expect("text");
        assert_eq!(
            (status, &sent["Code"], &sent["RequestId"]),
            (200, &json!("OK"), &json!("R"))
        );
        let digits = biz_id.strip_suffix("^0").expect("^0");
        assert!(
            digits.len() == 18 && digits.chars().all(|c| c.is_ascii_digit()),
            "{biz_id}"
        );
    }
}
